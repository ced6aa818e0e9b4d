#include "core/security/sha256.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>

#include <string>

using namespace portico::security;

namespace {
QByteArray hex(const Sha256Digest& digest) {
    return QByteArray(reinterpret_cast<const char*>(digest.data()), int(digest.size())).toHex();
}
} // namespace

class TestSha256 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // FIPS 180-2, appendix B.
    void matchesThePublishedVectors() {
        QCOMPARE(hex(sha256Of({"abc"})),
                 QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(hex(sha256Of({"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"})),
                 QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        QCOMPARE(hex(sha256Of({})),
                 QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(hex(sha256Of({std::string(1000000, 'a')})),
                 QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    }

    // The parts are hashed as one message wherever they split it, block boundaries included.
    void hashesThePartsAsTheirConcatenation() {
        auto* random = QRandomGenerator::global();
        for (const int size : {0, 1, 55, 56, 63, 64, 65, 119, 128, 1000}) {
            QByteArray message(size, Qt::Uninitialized);
            for (char& c : message)
                c = char(random->bounded(256));
            const auto whole = QCryptographicHash::hash(message, QCryptographicHash::Sha256);
            const std::string_view bytes(message.constData(), std::size_t(size));
            for (int cut = 0; cut <= size; ++cut) {
                const auto digest = sha256Of({bytes.substr(0, cut), bytes.substr(cut)});
                QCOMPARE(QByteArray(reinterpret_cast<const char*>(digest.data()), 32), whole);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSha256)
#include "test_sha256.moc"
