#include "corpus_case.h"

#include <QDir>
#include <QtTest>

using namespace portico::policy::test;

// tests/policy/expr-corpus: multi-scope documents using policy expressions, modelled on the
// patterns of APIM's documentation, each with its request and expected response.
class TestExpressionCorpus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsEveryCorpusDocument_data();
    void runsEveryCorpusDocument();
};

void TestExpressionCorpus::runsEveryCorpusDocument_data() {
    QTest::addColumn<QString>("file");
    const QDir corpus(QStringLiteral(PORTICO_SOURCE_DIR "/tests/policy/expr-corpus"));
    const auto files = corpus.entryList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 40);
    for (const auto& name : files)
        QTest::newRow(qPrintable(name)) << corpus.filePath(name);
}

void TestExpressionCorpus::runsEveryCorpusDocument() {
    QFETCH(QString, file);
    const std::string problems = checkCorpusFile(file.toStdString());
    QVERIFY2(problems.empty(), problems.c_str());
}

QTEST_GUILESS_MAIN(TestExpressionCorpus)
#include "test_expression_corpus.moc"
