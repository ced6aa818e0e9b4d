#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace portico::ui {

// Colours policy XML: tags, attributes, values, comments, CDATA and @(...) / @{...} expressions.
// Colours come from the theme's SyntaxColors for a light or dark Base.
class XmlHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit XmlHighlighter(QTextDocument* document, bool darkBackground = false);
    // Picks the colours for the other scheme and highlights the document again.
    void setDarkBackground(bool darkBackground);

protected:
    void highlightBlock(const QString& text) override;

private:
    enum State { Normal = 0, InComment = 1, InCData = 2 };
    bool highlightSpan(const QString& text, int& from, const QString& open, const QString& close,
                       State state, const QTextCharFormat& format);

    QTextCharFormat m_tag;
    QTextCharFormat m_attribute;
    QTextCharFormat m_value;
    QTextCharFormat m_comment;
    QTextCharFormat m_expression;
    QTextCharFormat m_entity;
    QRegularExpression m_tagPattern;
    QRegularExpression m_attributePattern;
    QRegularExpression m_expressionPattern;
    QRegularExpression m_entityPattern;
};

} // namespace portico::ui
