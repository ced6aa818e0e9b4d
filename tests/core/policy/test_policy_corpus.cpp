#include "corpus_case.h"

#include <QDir>
#include <QtTest>

using namespace portico::policy::test;

// tests/policy/corpus: documents modelled on APIM's examples for the policies of issue 4, each
// with its request and expected response (corpus_case.h has the format).
class TestPolicyCorpus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsEveryCorpusDocument_data();
    void runsEveryCorpusDocument();
};

void TestPolicyCorpus::runsEveryCorpusDocument_data() {
    QTest::addColumn<QString>("file");
    const QDir corpus(QStringLiteral(PORTICO_SOURCE_DIR "/tests/policy/corpus"));
    const auto files = corpus.entryList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 30);
    for (const auto& name : files)
        QTest::newRow(qPrintable(name)) << corpus.filePath(name);
}

void TestPolicyCorpus::runsEveryCorpusDocument() {
    QFETCH(QString, file);
    const std::string problems = checkCorpusFile(file.toStdString());
    QVERIFY2(problems.empty(), problems.c_str());
}

QTEST_GUILESS_MAIN(TestPolicyCorpus)
#include "test_policy_corpus.moc"
