#include "test_certificates.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace testcerts {

Issued issue(const CertificateSpec& spec, const Issued* issuer) {
    static long counter = 1000;
    Issued out;
    out.key = EVP_EC_gen("P-256");
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), spec.serial != 0 ? spec.serial : ++counter);
    X509_gmtime_adj(X509_getm_notBefore(x), spec.notBefore);
    X509_gmtime_adj(X509_getm_notAfter(x), spec.notAfter);
    X509_set_pubkey(x, out.key);
    X509_NAME* name = X509_get_subject_name(x);
    const auto addName = [&](const char* field, const char* value) {
        X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(value), -1, -1, 0);
    };
    if (spec.organization)
        addName("O", spec.organization);
    addName("CN", spec.commonName);
    X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer->certificate) : name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer ? issuer->certificate : x, x, nullptr, nullptr, 0);
    const auto add = [&](int nid, const char* value) {
        X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
        X509_add_ext(x, extension, -1);
        X509_EXTENSION_free(extension);
    };
    const bool ca = spec.extendedUsage == nullptr;
    add(NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    add(NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    if (!ca) {
        add(NID_ext_key_usage, spec.extendedUsage);
        add(NID_subject_alt_name, spec.subjectAltNames);
    }
    X509_sign(x, issuer ? issuer->key : out.key, EVP_sha256());
    out.certificate = x;
    return out;
}

bool writePem(const Issued& issued, const QString& certificatePath, const QString& keyPath) {
    BIO* certificate = BIO_new_file(certificatePath.toLocal8Bit().constData(), "w");
    BIO* key = BIO_new_file(keyPath.toLocal8Bit().constData(), "w");
    const bool ok =
        certificate && key && PEM_write_bio_X509(certificate, issued.certificate) &&
        PEM_write_bio_PrivateKey(key, issued.key, nullptr, nullptr, 0, nullptr, nullptr);
    BIO_free(certificate);
    BIO_free(key);
    return ok;
}

} // namespace testcerts
