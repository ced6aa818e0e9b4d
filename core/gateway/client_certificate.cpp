#include "core/gateway/detail/client_certificate.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include <memory>

namespace portico::gateway::detail {

namespace {

std::string upperHex(const unsigned char* bytes, std::size_t size) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += kHex[bytes[i] >> 4];
        out += kHex[bytes[i] & 15];
    }
    return out;
}

std::string thumbprint(X509* certificate) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (X509_digest(certificate, EVP_sha1(), digest, &size) != 1)
        return {};
    return upperHex(digest, size);
}

// "CN=client, O=Org, C=US" as .NET prints X500 names: most specific first, ", " between parts.
std::string distinguishedName(const X509_NAME* name) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio)
        return {};
    // RFC 2253 escaping, but UTF-8 text kept as it is rather than as \XX escapes.
    const unsigned long flags = (XN_FLAG_RFC2253 & ~XN_FLAG_SEP_MASK & ~ASN1_STRFLGS_ESC_MSB) |
                                XN_FLAG_SEP_CPLUS_SPC | ASN1_STRFLGS_UTF8_CONVERT;
    X509_NAME_print_ex(bio.get(), name, 0, flags);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string commonName(const X509_NAME* name) {
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (index < 0)
        return {};
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int size = ASN1_STRING_to_UTF8(&utf8, data);
    if (size < 0)
        return {};
    std::string text(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(size));
    OPENSSL_free(utf8);
    return text;
}

std::int64_t unixSeconds(const ASN1_TIME* time) {
    struct tm parts {};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return 0;
    return static_cast<std::int64_t>(timegm(&parts));
}

std::vector<std::string> dnsNames(X509* certificate) {
    std::vector<std::string> names;
    auto* general = static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
    if (!general)
        return names;
    for (int i = 0; i < sk_GENERAL_NAME_num(general); ++i) {
        const GENERAL_NAME* entry = sk_GENERAL_NAME_value(general, i);
        if (entry->type != GEN_DNS)
            continue;
        const ASN1_STRING* text = entry->d.dNSName;
        names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                           static_cast<std::size_t>(ASN1_STRING_length(text)));
    }
    GENERAL_NAMES_free(general);
    return names;
}

std::string serialNumber(X509* certificate) {
    BIGNUM* number = ASN1_INTEGER_to_BN(X509_get_serialNumber(certificate), nullptr);
    if (!number)
        return {};
    std::string out;
    if (char* hex = BN_bn2hex(number)) {
        out = hex;
        OPENSSL_free(hex);
    }
    BN_free(number);
    return out;
}

} // namespace

std::optional<policy::ClientCertificate> readClientCertificate(SSL* ssl) {
    X509* peer = SSL_get0_peer_certificate(ssl);
    if (!peer)
        return std::nullopt;
    policy::ClientCertificate certificate;
    certificate.thumbprint = thumbprint(peer);
    certificate.serialNumber = serialNumber(peer);
    certificate.subject = distinguishedName(X509_get_subject_name(peer));
    certificate.commonName = commonName(X509_get_subject_name(peer));
    certificate.issuer = distinguishedName(X509_get_issuer_name(peer));
    certificate.dnsNames = dnsNames(peer);
    certificate.notBefore = unixSeconds(X509_get0_notBefore(peer));
    certificate.notAfter = unixSeconds(X509_get0_notAfter(peer));
    certificate.trusted = SSL_get_verify_result(ssl) == X509_V_OK;
    // The verified chain runs from the peer up; its second entry issued the peer's certificate.
    if (STACK_OF(X509)* chain = SSL_get0_verified_chain(ssl); chain && sk_X509_num(chain) > 1)
        certificate.issuerThumbprint = thumbprint(sk_X509_value(chain, 1));
    return certificate;
}

} // namespace portico::gateway::detail
