#include "core/net/client_identity.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <climits>

namespace portico::net {

namespace {

// Refuses to ask for a pass phrase: an encrypted key cannot be used unattended.
int noPassword(char*, int, int, void*) {
    return -1;
}

std::string hex(const unsigned char* bytes, unsigned int size, bool upper = false) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

std::string oneLineSubject(X509* certificate) {
    char text[512];
    X509_NAME_oneline(X509_get_subject_name(certificate), text, sizeof text);
    return text;
}

} // namespace

std::shared_ptr<const ClientIdentity> ClientIdentity::fromPem(std::string_view pem,
                                                              std::string& error) {
    if (pem.size() > INT_MAX) {
        error = "the PEM text is too large";
        return nullptr;
    }
    std::shared_ptr<ClientIdentity> identity(new ClientIdentity());
    identity->m_chain = sk_X509_new_null();
    auto reader = [&] {
        return std::unique_ptr<BIO, decltype(&BIO_free)>(
            BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    };
    // Each read skips the PEM blocks of other kinds.
    auto certificates = reader();
    while (X509* certificate =
               PEM_read_bio_X509(certificates.get(), nullptr, noPassword, nullptr)) {
        if (!identity->m_certificate)
            identity->m_certificate = certificate;
        else
            sk_X509_push(identity->m_chain, certificate);
    }
    identity->m_key = PEM_read_bio_PrivateKey(reader().get(), nullptr, noPassword, nullptr);
    ERR_clear_error();
    if (!identity->m_certificate) {
        error = "it holds no PEM certificate";
        return nullptr;
    }
    if (!identity->m_key) {
        error = pem.find("ENCRYPTED") != std::string_view::npos
                    ? "its private key is encrypted; the gateway needs it unencrypted (keep the "
                      "PEM itself in a secret store instead)"
                    : "it holds no PEM private key for the certificate";
        return nullptr;
    }
    if (X509_check_private_key(identity->m_certificate, identity->m_key) != 1) {
        ERR_clear_error();
        error = "its private key does not belong to its certificate";
        return nullptr;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    X509_digest(identity->m_certificate, EVP_sha256(), digest, &size);
    identity->m_fingerprint = hex(digest, size);
    X509_digest(identity->m_certificate, EVP_sha1(), digest, &size);
    identity->m_thumbprint = hex(digest, size, true);
    identity->m_subject = oneLineSubject(identity->m_certificate);
    return identity;
}

ClientIdentity::~ClientIdentity() {
    X509_free(m_certificate);
    sk_X509_pop_free(m_chain, X509_free);
    EVP_PKEY_free(m_key);
}

bool ClientIdentity::useIn(SSL_CTX* context) const {
    if (SSL_CTX_use_certificate(context, m_certificate) != 1 ||
        SSL_CTX_use_PrivateKey(context, m_key) != 1) {
        ERR_clear_error();
        return false;
    }
    for (int i = 0; i < sk_X509_num(m_chain); ++i) {
        // add1: the context takes its own reference.
        if (SSL_CTX_add1_chain_cert(context, sk_X509_value(m_chain, i)) != 1) {
            ERR_clear_error();
            return false;
        }
    }
    return true;
}

} // namespace portico::net
