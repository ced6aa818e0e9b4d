#pragma once

// Certificates made at test time with the OpenSSL API: no key material lives in the tree.
#include <QString>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace testcerts {

struct Issued {
    EVP_PKEY* key = nullptr;
    X509* certificate = nullptr;
};

struct CertificateSpec {
    const char* commonName = nullptr;
    const char* organization = nullptr;
    // serverAuth or clientAuth for a leaf; none makes a CA certificate that signs the others.
    const char* extendedUsage = nullptr;
    const char* subjectAltNames = "IP:127.0.0.1"; // leaves only
    long serial = 0;                              // 0: the next of a counter
    long notBefore = -3600;                       // seconds from now
    long notAfter = 86400;
};

// A P-256 key and its certificate, self-signed when issuer is null.
Issued issue(const CertificateSpec& spec, const Issued* issuer);

bool writePem(const Issued& issued, const QString& certificatePath, const QString& keyPath);

} // namespace testcerts
