#pragma once

#include <memory>
#include <string>
#include <string_view>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct x509_st X509;
typedef struct evp_pkey_st EVP_PKEY;
struct stack_st_X509;

namespace portico::net {

// A client certificate, the chain that goes with it and its private key, for mutual TLS to a
// backend (backends/<id>.yaml `tls.clientCertificate`). Read from PEM text held in memory only:
// the key never touches the disk. Immutable once read, shared by every worker's TLS contexts.
class ClientIdentity {
public:
    // The first certificate in `pem` is the client's, later ones its chain; the private key may
    // come anywhere. Null, with `error` saying what is wrong (never quoting the key), when there
    // is no certificate or no unencrypted key, or the key is not the certificate's.
    static std::shared_ptr<const ClientIdentity> fromPem(std::string_view pem, std::string& error);

    ~ClientIdentity();
    ClientIdentity(const ClientIdentity&) = delete;
    ClientIdentity& operator=(const ClientIdentity&) = delete;

    // Presents this identity on every connection made with `context`.
    bool useIn(SSL_CTX* context) const;
    // SHA-256 of the certificate, hex: tells pooled connections of different identities apart.
    const std::string& fingerprint() const { return m_fingerprint; }
    // SHA-1 of the certificate, upper-case hex: the thumbprint APIM and Windows show.
    const std::string& thumbprint() const { return m_thumbprint; }
    const std::string& subject() const { return m_subject; } // one line, for messages

private:
    ClientIdentity() = default;

    X509* m_certificate = nullptr;
    stack_st_X509* m_chain = nullptr;
    EVP_PKEY* m_key = nullptr;
    std::string m_fingerprint;
    std::string m_thumbprint;
    std::string m_subject;
};

} // namespace portico::net
