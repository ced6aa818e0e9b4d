#include "ui/gateway/prometheus_text.h"

#include <QCoreApplication>

#include <cmath>
#include <limits>

namespace portico::ui {

// Translation context of the strings in this file.
class PrometheusText {
    Q_DECLARE_TR_FUNCTIONS(PrometheusText)
};

namespace {

bool isNameStart(QChar c) {
    return c.isLetter() || c == QLatin1Char('_') || c == QLatin1Char(':');
}

bool isNameChar(QChar c) {
    return isNameStart(c) || c.isDigit();
}

// Reads one line; on failure `error` says what was expected and `column` where (1-based).
class LineReader {
public:
    explicit LineReader(QStringView line)
        : m_line(line) {}

    bool read(MetricSample& sample, QString& error) {
        sample.name = readName();
        if (sample.name.isEmpty())
            return fail(error, PrometheusText::tr("expected a metric name"));
        if (peek() == QLatin1Char('{') && !readLabels(sample.labels, error))
            return false;
        if (!skipSpaces())
            return fail(error, PrometheusText::tr("expected a space before the value"));
        const qsizetype start = m_pos;
        while (m_pos < m_line.size() && !m_line.at(m_pos).isSpace())
            ++m_pos;
        const QStringView text = m_line.mid(start, m_pos - start);
        if (!parseValue(text, sample.value)) {
            m_pos = start;
            return fail(error, PrometheusText::tr("expected a number as the value"));
        }
        // An optional timestamp may follow; nothing else may.
        skipSpaces();
        const qsizetype stampStart = m_pos;
        while (m_pos < m_line.size() && !m_line.at(m_pos).isSpace())
            ++m_pos;
        if (m_pos > stampStart) {
            bool ok = false;
            (void)m_line.mid(stampStart, m_pos - stampStart).toLongLong(&ok);
            if (!ok) {
                m_pos = stampStart;
                return fail(error,
                            PrometheusText::tr("expected a timestamp or the end of the line"));
            }
        }
        skipSpaces();
        if (m_pos < m_line.size())
            return fail(error, PrometheusText::tr("expected the end of the line"));
        return true;
    }

    qsizetype column() const { return m_pos + 1; }

private:
    QChar peek() const { return m_pos < m_line.size() ? m_line.at(m_pos) : QChar(); }

    bool fail(QString& error, const QString& message) {
        error = message;
        return false;
    }

    bool skipSpaces() {
        const qsizetype start = m_pos;
        while (m_pos < m_line.size() &&
               (m_line.at(m_pos) == QLatin1Char(' ') || m_line.at(m_pos) == QLatin1Char('\t')))
            ++m_pos;
        return m_pos > start;
    }

    QString readName() {
        const qsizetype start = m_pos;
        if (m_pos < m_line.size() && isNameStart(m_line.at(m_pos))) {
            ++m_pos;
            while (m_pos < m_line.size() && isNameChar(m_line.at(m_pos)))
                ++m_pos;
        }
        return m_line.mid(start, m_pos - start).toString();
    }

    bool readLabels(QMap<QString, QString>& labels, QString& error) {
        ++m_pos; // '{'
        skipSpaces();
        while (peek() != QLatin1Char('}')) {
            const QString name = readName();
            if (name.isEmpty())
                return fail(error, PrometheusText::tr("expected a label name or '}'"));
            skipSpaces();
            if (peek() != QLatin1Char('='))
                return fail(error, PrometheusText::tr("expected '=' after the label name"));
            ++m_pos;
            skipSpaces();
            if (peek() != QLatin1Char('"'))
                return fail(error, PrometheusText::tr("expected a quoted label value"));
            ++m_pos;
            QString value;
            for (;;) {
                if (m_pos >= m_line.size())
                    return fail(error,
                                PrometheusText::tr("expected '\"' to close the label value"));
                const QChar c = m_line.at(m_pos++);
                if (c == QLatin1Char('"'))
                    break;
                if (c != QLatin1Char('\\')) {
                    value += c;
                    continue;
                }
                const QChar escaped = peek();
                ++m_pos;
                if (escaped == QLatin1Char('n'))
                    value += QLatin1Char('\n');
                else if (escaped == QLatin1Char('\\') || escaped == QLatin1Char('"'))
                    value += escaped;
                else {
                    --m_pos;
                    return fail(error,
                                PrometheusText::tr("expected \\\\, \\\" or \\n after a backslash"));
                }
            }
            labels.insert(name, value);
            skipSpaces();
            if (peek() == QLatin1Char(',')) {
                ++m_pos;
                skipSpaces();
            } else if (peek() != QLatin1Char('}')) {
                return fail(error, PrometheusText::tr("expected ',' or '}' after a label"));
            }
        }
        ++m_pos; // '}'
        return true;
    }

    static bool parseValue(QStringView text, double& value) {
        if (text == QLatin1String("+Inf") || text == QLatin1String("Inf")) {
            value = std::numeric_limits<double>::infinity();
            return true;
        }
        if (text == QLatin1String("-Inf")) {
            value = -std::numeric_limits<double>::infinity();
            return true;
        }
        if (text == QLatin1String("NaN")) {
            value = std::numeric_limits<double>::quiet_NaN();
            return true;
        }
        bool ok = false;
        value = text.toDouble(&ok);
        return ok;
    }

    QStringView m_line;
    qsizetype m_pos = 0;
};

} // namespace

PrometheusParse parsePrometheusText(const QString& text) {
    PrometheusParse result;
    const QList<QStringView> lines = QStringView(text).split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QStringView line = lines.at(i);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.trimmed().isEmpty() || line.trimmed().startsWith(QLatin1Char('#')))
            continue;
        LineReader reader(line);
        MetricSample sample;
        QString error;
        if (!reader.read(sample, error)) {
            result.samples.clear();
            result.error = PrometheusText::tr("line %1, column %2: %3")
                               .arg(i + 1)
                               .arg(reader.column())
                               .arg(error);
            return result;
        }
        result.samples.append(std::move(sample));
    }
    return result;
}

double sumSamples(const QList<MetricSample>& samples, const QString& name,
                  const std::function<bool(const QMap<QString, QString>&)>& filter) {
    double sum = 0;
    for (const MetricSample& s : samples)
        if (s.name == name && (!filter || filter(s.labels)))
            sum += s.value;
    return sum;
}

QMap<double, double> histogramBuckets(const QList<MetricSample>& samples, const QString& name) {
    QMap<double, double> buckets;
    const QString bucketName = name + QLatin1String("_bucket");
    for (const MetricSample& s : samples) {
        if (s.name != bucketName || !s.labels.contains(QStringLiteral("le")))
            continue;
        const QString le = s.labels.value(QStringLiteral("le"));
        bool ok = false;
        const double bound = le == QLatin1String("+Inf") ? std::numeric_limits<double>::infinity()
                                                         : le.toDouble(&ok);
        if (ok || std::isinf(bound))
            buckets[bound] += s.value;
    }
    return buckets;
}

double histogramQuantile(const QMap<double, double>& cumulativeBuckets, double q) {
    if (cumulativeBuckets.isEmpty())
        return -1;
    const double total = cumulativeBuckets.last();
    if (total <= 0)
        return -1;
    const double rank = q * total;
    double lowerBound = 0;
    double countBelow = 0;
    for (auto it = cumulativeBuckets.cbegin(); it != cumulativeBuckets.cend(); ++it) {
        if (it.value() >= rank) {
            if (std::isinf(it.key()))
                return lowerBound;
            const double inBucket = it.value() - countBelow;
            if (inBucket <= 0)
                return it.key();
            return lowerBound + (it.key() - lowerBound) * (rank - countBelow) / inBucket;
        }
        lowerBound = it.key();
        countBelow = it.value();
    }
    return lowerBound;
}

} // namespace portico::ui
