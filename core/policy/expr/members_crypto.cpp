// The System.Security.Cryptography classes APIM allows in expressions: the hash and HMAC
// classes (new HMACSHA256(key), SHA256.Create(), HashAlgorithm.Create(name), ComputeHash, Key,
// Hash, HashSize) and APIM's byte[] Encrypt/Decrypt extensions with a named symmetric algorithm
// (CBC with PKCS#7 padding, .NET's defaults). OpenSSL does the arithmetic.
#include "core/policy/expr/members.h"
#include "core/text/ascii.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <memory>

namespace portico::policy::expr {

namespace {

// One hash class: its .NET name, OpenSSL digest, and for HMACs the size of the random key a
// parameterless constructor makes (the digest's block size, as .NET does).
struct HashKind {
    std::string_view name;
    const EVP_MD* (*digest)();
    bool keyed;
    std::size_t defaultKeySize;
};

constexpr std::array<HashKind, 10> kHashKinds = {{
    {"HMACMD5", EVP_md5, true, 64},
    {"HMACSHA1", EVP_sha1, true, 64},
    {"HMACSHA256", EVP_sha256, true, 64},
    {"HMACSHA384", EVP_sha384, true, 128},
    {"HMACSHA512", EVP_sha512, true, 128},
    {"MD5", EVP_md5, false, 0},
    {"SHA1", EVP_sha1, false, 0},
    {"SHA256", EVP_sha256, false, 0},
    {"SHA384", EVP_sha384, false, 0},
    {"SHA512", EVP_sha512, false, 0},
}};

const HashKind& hashKind(std::string_view name) {
    return *std::find_if(kHashKinds.begin(), kHashKinds.end(),
                         [&](const HashKind& k) { return k.name == name; });
}

struct HashObject {
    const HashKind* kind = nullptr;
    std::string key;
    std::string hash; // the last ComputeHash result, which Hash returns
    bool computed = false;
};

HashObject& hashOf(const Value& v) {
    // Each object is its own evaluation's, made by `new` or Create().
    return *static_cast<HashObject*>(const_cast<void*>(v.asObject().raw));
}

Value makeHash(Eval& eval, const HashKind& kind, std::string key) {
    eval.charge(sizeof(HashObject) + key.size());
    auto owned = std::make_shared<HashObject>();
    owned->kind = &kind;
    owned->key = std::move(key);
    ObjectRef ref;
    ref.raw = owned.get();
    ref.owned = std::move(owned);
    return Value::object(Ty::HashAlgorithm, std::move(ref));
}

std::string randomKey(std::size_t size) {
    std::string key(size, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), int(size)) != 1)
        raise("CryptographicException", "The random number generator failed.");
    return key;
}

const std::string& expectBytes(const Value& v, const char* parameter) {
    if (v.isNull())
        raise("ArgumentNullException",
              std::string("Value cannot be null. (Parameter '") + parameter + "')");
    if (v.type() != Ty::Bytes)
        raise("ArgumentException", std::string("'") + parameter + "' must be a byte[].");
    return v.asString();
}

// The bytes ComputeHash(buffer[, offset, count]) reads, with .NET's argument checks.
std::string_view hashInput(const Args& args) {
    const std::string& buffer = expectBytes(args[0], "buffer");
    if (args.size() == 1)
        return buffer;
    if (args.size() != 3)
        raise("ArgumentException", "ComputeHash takes (buffer) or (buffer, offset, count).");
    const std::int64_t offset = expectInt(args[1], "offset");
    const std::int64_t count = expectInt(args[2], "count");
    if (offset < 0)
        raise("ArgumentOutOfRangeException", "Non-negative number required. (Parameter 'offset')");
    if (count < 0 || count > std::int64_t(buffer.size()))
        raise("ArgumentException", "Value was invalid.");
    if (std::int64_t(buffer.size()) - count < offset)
        raise("ArgumentException",
              "Offset and length were out of bounds for the array or count is greater than the "
              "number of elements from index to the end of the source collection.");
    return std::string_view(buffer).substr(std::size_t(offset), std::size_t(count));
}

std::string digestOf(const HashObject& h, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int size = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    const bool ok = h.kind->keyed ? HMAC(h.kind->digest(), h.key.data(), int(h.key.size()), bytes,
                                         data.size(), out.data(), &size) != nullptr
                                  : EVP_Digest(bytes, data.size(), out.data(), &size,
                                               h.kind->digest(), nullptr) == 1;
    if (!ok)
        raise("CryptographicException", std::string(h.kind->name) + " failed.");
    return std::string(reinterpret_cast<const char*>(out.data()), size);
}

// A CryptoConfig name as this file looks it up: lower case, without the namespace.
std::string cryptoConfigKey(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), text::asciiLower);
    constexpr std::string_view kPrefix = "system.security.cryptography.";
    if (name.starts_with(kPrefix))
        name.erase(0, kPrefix.size());
    return name;
}

// CryptoConfig's names (case-insensitive there too) for HashAlgorithm.Create(name) and
// HMAC.Create(name); an unknown name gives null, as in .NET.
const HashKind* hashKindByConfigName(const std::string& configName) {
    const std::string name = cryptoConfigKey(configName);
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kNames = {{
        {"md5", "MD5"},
        {"sha", "SHA1"},
        {"sha1", "SHA1"},
        {"sha1managed", "SHA1"},
        {"sha256", "SHA256"},
        {"sha-256", "SHA256"},
        {"sha256managed", "SHA256"},
        {"sha384", "SHA384"},
        {"sha-384", "SHA384"},
        {"sha384managed", "SHA384"},
        {"sha512", "SHA512"},
        {"sha-512", "SHA512"},
        {"sha512managed", "SHA512"},
        {"hmacmd5", "HMACMD5"},
        {"hmacsha1", "HMACSHA1"},
        {"hmacsha256", "HMACSHA256"},
        {"hmacsha384", "HMACSHA384"},
        {"hmacsha512", "HMACSHA512"},
    }};
    for (auto [alias, kind] : kNames)
        if (alias == name)
            return &hashKind(kind);
    return nullptr;
}

template <std::size_t Index> Value constructHash(Eval& eval, const Value&, Args& args, Target) {
    const HashKind& kind = kHashKinds[Index];
    if (!kind.keyed)
        return makeHash(eval, kind, {});
    return makeHash(eval, kind,
                    args.empty() ? randomKey(kind.defaultKeySize) : expectBytes(args[0], "key"));
}

Value createByName(Eval& eval, const Args& args, std::string_view fallback, bool keyedOnly) {
    const HashKind* kind = args.empty() ? &hashKind(fallback)
                                        : hashKindByConfigName(expectString(args[0], "hashName"));
    if (!kind)
        return Value::null();
    if (keyedOnly && !kind->keyed) // HMAC.Create("SHA256") casts a SHA256 to HMAC
        raise("InvalidCastException", "Specified cast is not valid.");
    return makeHash(eval, *kind, kind->keyed ? randomKey(kind->defaultKeySize) : std::string());
}

// ---- Encrypt / Decrypt ----

enum class CipherFamily { Aes, TripleDes, Unsupported };

CipherFamily cipherFamily(const std::string& algorithm) {
    const std::string name = cryptoConfigKey(algorithm);
    for (std::string_view aes :
         {"aes", "aesmanaged", "aescryptoserviceprovider", "rijndael", "rijndaelmanaged"})
        if (name == aes)
            return CipherFamily::Aes;
    for (std::string_view tdes :
         {"tripledes", "3des", "triple des", "tripledescryptoserviceprovider"})
        if (name == tdes)
            return CipherFamily::TripleDes;
    return CipherFamily::Unsupported;
}

const EVP_CIPHER* cipherFor(const std::string& algorithm, const std::string& key) {
    switch (cipherFamily(algorithm)) {
    case CipherFamily::Aes:
        if (key.size() == 16)
            return EVP_aes_128_cbc();
        if (key.size() == 24)
            return EVP_aes_192_cbc();
        if (key.size() == 32)
            return EVP_aes_256_cbc();
        break;
    case CipherFamily::TripleDes:
        // .NET refuses keys that make 3DES single DES (K1 == K2, or K2 == K3).
        if (key.size() == 16 || key.size() == 24) {
            const std::string_view k(key);
            if (k.substr(0, 8) == k.substr(8, 8) ||
                (key.size() == 24 && k.substr(8, 8) == k.substr(16, 8)))
                raise("CryptographicException",
                      "Specified key is a known weak key for 'TripleDES' and cannot be used.");
            return key.size() == 16 ? EVP_des_ede_cbc() : EVP_des_ede3_cbc();
        }
        break;
    case CipherFamily::Unsupported:
        raise("CryptographicException",
              "'" + algorithm +
                  "' is not a symmetric algorithm this gateway offers (use Aes or TripleDES).");
    }
    raise("CryptographicException", "Specified key is not a valid size for this algorithm.");
}

template <bool encrypt> Value transform(Eval& eval, const Value& input, Args& args, Target) {
    if (args[0].type() != Ty::String)
        raise("ArgumentException", "The algorithm must be named by a string such as \"Aes\".");
    const std::string& data = expectBytes(input, "input");
    const std::string& key = expectBytes(args[1], "key");
    const std::string& iv = expectBytes(args[2], "iv");
    const EVP_CIPHER* cipher = cipherFor(args[0].asString(), key);
    const auto block = std::size_t(EVP_CIPHER_get_block_size(cipher));
    if (iv.size() != block)
        raise("CryptographicException",
              "Specified initialization vector (IV) does not match the block size for this "
              "algorithm.");
    if (!encrypt && data.size() % block != 0)
        raise("CryptographicException", "Length of the data to decrypt is invalid.");
    eval.charge(data.size() + block);

    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                        EVP_CIPHER_CTX_free);
    std::string out(data.size() + block, '\0');
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    int written = 0;
    int last = 0;
    const bool ok = ctx &&
                    EVP_CipherInit_ex(ctx.get(), cipher, nullptr,
                                      reinterpret_cast<const unsigned char*>(key.data()),
                                      reinterpret_cast<const unsigned char*>(iv.data()),
                                      encrypt ? 1 : 0) == 1 &&
                    EVP_CipherUpdate(ctx.get(), o, &written,
                                     reinterpret_cast<const unsigned char*>(data.data()),
                                     int(data.size())) == 1 &&
                    EVP_CipherFinal_ex(ctx.get(), o + written, &last) == 1;
    OPENSSL_cleanse(out.data() + (ok ? written + last : 0),
                    out.size() - std::size_t(ok ? written + last : 0));
    if (!ok)
        raise("CryptographicException",
              encrypt ? "Encryption failed." : "Padding is invalid and cannot be removed.");
    out.resize(std::size_t(written + last));
    return Value::bytes(std::move(out));
}

Value createHashByName(Eval& eval, const Value&, Args& args, Target) {
    return createByName(eval, args, "SHA1", false);
}

Value createHmacByName(Eval& eval, const Value&, Args& args, Target) {
    return createByName(eval, args, "HMACSHA1", true);
}

Value computeHash(Eval& eval, const Value& self, Args& args, Target) {
    HashObject& h = hashOf(self);
    const std::string_view input = hashInput(args);
    eval.charge(EVP_MAX_MD_SIZE * 2);
    h.hash = digestOf(h, input);
    h.computed = true;
    return Value::bytes(h.hash);
}

Value lastHash(Eval&, const Value& self, Args&, Target) {
    const HashObject& h = hashOf(self);
    return h.computed ? Value::bytes(h.hash) : Value::null();
}

Value hashSize(Eval&, const Value& self, Args&, Target) {
    return Value::integer(EVP_MD_get_size(hashOf(self).kind->digest()) * 8);
}

Value hmacKey(Eval& eval, const Value& self, Args&, Target) {
    const HashObject& h = hashOf(self);
    if (!h.kind->keyed)
        raise("MissingMemberException", "'" + std::string(h.kind->name) + "' has no member 'Key'.");
    eval.charge(h.key.size());
    return Value::bytes(h.key);
}

Value doNothing(Eval&, const Value&, Args&, Target) {
    return Value::null();
}

} // namespace

void addCryptoMembers(std::vector<MemberDef>& t, std::vector<ConstructorDef>& ctors) {
    // new HMACSHA256() / new HMACSHA256(key) (HMACSHA1 also takes useManagedSha1), new
    // SHA256Managed(), SHA256.Create(), MD5.Create().
    ctors.push_back({"HMACMD5", 0, 1, constructHash<0>, Ty::HashAlgorithm});
    ctors.push_back({"HMACSHA1", 0, 2, constructHash<1>, Ty::HashAlgorithm});
    ctors.push_back({"HMACSHA256", 0, 1, constructHash<2>, Ty::HashAlgorithm});
    ctors.push_back({"HMACSHA384", 0, 1, constructHash<3>, Ty::HashAlgorithm});
    ctors.push_back({"HMACSHA512", 0, 1, constructHash<4>, Ty::HashAlgorithm});
    ctors.push_back({"SHA1Managed", 0, 0, constructHash<6>, Ty::HashAlgorithm});
    ctors.push_back({"SHA256Managed", 0, 0, constructHash<7>, Ty::HashAlgorithm});
    ctors.push_back({"SHA384Managed", 0, 0, constructHash<8>, Ty::HashAlgorithm});
    ctors.push_back({"SHA512Managed", 0, 0, constructHash<9>, Ty::HashAlgorithm});
    t.push_back({Ty::Unknown, "MD5", "Create", true, 0, 0, constructHash<5>, Ty::HashAlgorithm});
    t.push_back({Ty::Unknown, "SHA1", "Create", true, 0, 0, constructHash<6>, Ty::HashAlgorithm});
    t.push_back({Ty::Unknown, "SHA256", "Create", true, 0, 0, constructHash<7>, Ty::HashAlgorithm});
    t.push_back({Ty::Unknown, "SHA384", "Create", true, 0, 0, constructHash<8>, Ty::HashAlgorithm});
    t.push_back({Ty::Unknown, "SHA512", "Create", true, 0, 0, constructHash<9>, Ty::HashAlgorithm});
    // By CryptoConfig name; without one .NET Framework's defaults (SHA1, HMACSHA1).
    t.push_back(
        {Ty::Unknown, "HashAlgorithm", "Create", true, 0, 1, createHashByName, Ty::HashAlgorithm});
    t.push_back({Ty::Unknown, "HMAC", "Create", true, 0, 1, createHmacByName, Ty::HashAlgorithm});
    t.push_back({Ty::Unknown, "KeyedHashAlgorithm", "Create", true, 0, 1, createHmacByName,
                 Ty::HashAlgorithm});

    t.push_back({Ty::HashAlgorithm, {}, "ComputeHash", true, 1, 3, computeHash, Ty::Bytes});
    t.push_back({Ty::HashAlgorithm, {}, "Hash", false, 0, 0, lastHash, Ty::Bytes});
    t.push_back({Ty::HashAlgorithm, {}, "HashSize", false, 0, 0, hashSize, Ty::Int});
    t.push_back({Ty::HashAlgorithm, {}, "Key", false, 0, 0, hmacKey, Ty::Bytes});
    // Disposing frees nothing here (the evaluation owns the object); policies call it anyway.
    for (std::string_view name : {"Dispose", "Clear", "Initialize"})
        t.push_back({Ty::HashAlgorithm, {}, name, true, 0, 0, doNothing, Ty::Null});

    // APIM's extensions: input.Encrypt("Aes", key, iv), input.Decrypt("Aes", key, iv).
    t.push_back({Ty::Bytes, {}, "Encrypt", true, 3, 3, transform<true>, Ty::Bytes});
    t.push_back({Ty::Bytes, {}, "Decrypt", true, 3, 3, transform<false>, Ty::Bytes});
}

} // namespace portico::policy::expr
