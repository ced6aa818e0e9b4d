#include "ui/policy/xml_highlighter.h"

namespace portico::ui {

XmlHighlighter::XmlHighlighter(QTextDocument* document, bool darkBackground)
    : QSyntaxHighlighter(document)
    , m_tagPattern(QStringLiteral("</?[A-Za-z_][\\w.:-]*|/?>"))
    , m_attributePattern(QStringLiteral("([A-Za-z_][\\w.:-]*)\\s*=\\s*(\"[^\"]*\"|'[^']*')"))
    , m_expressionPattern(QStringLiteral("@\\([^)]*\\)|@\\{[^}]*\\}|\\{\\{[^}]*\\}\\}"))
    , m_entityPattern(QStringLiteral("&[A-Za-z#0-9]+;")) {
    const auto colour = [darkBackground](const char* light, const char* dark) {
        return QColor(QLatin1String(darkBackground ? dark : light));
    };
    m_tag.setForeground(colour("#1d4f9c", "#7fb0ff"));
    m_tag.setFontWeight(QFont::DemiBold);
    m_attribute.setForeground(colour("#8a3b9c", "#d9a0f0"));
    m_value.setForeground(colour("#1f7342", "#8fdca8"));
    m_comment.setForeground(colour("#7a7f87", "#8f96a0"));
    m_comment.setFontItalic(true);
    m_expression.setForeground(colour("#a85a00", "#ffb866"));
    m_expression.setBackground(colour("#fff4e0", "#3a2c14"));
    m_entity.setForeground(colour("#a12727", "#ff8f8f"));
}

bool XmlHighlighter::highlightSpan(const QString& text, int& from, const QString& open,
                                   const QString& close, State state,
                                   const QTextCharFormat& format) {
    // Continuing a span from the previous line starts at column 0 without an opener.
    const bool continuing = from == 0 && previousBlockState() == state;
    const int start = continuing ? 0 : static_cast<int>(text.indexOf(open, from));
    if (start < 0)
        return false;
    const int searchFrom = continuing ? 0 : start + static_cast<int>(open.size());
    const int end = static_cast<int>(text.indexOf(close, searchFrom));
    if (end < 0) {
        setFormat(start, static_cast<int>(text.size()) - start, format);
        setCurrentBlockState(state);
        from = static_cast<int>(text.size());
        return false;
    }
    setFormat(start, end + static_cast<int>(close.size()) - start, format);
    from = end + static_cast<int>(close.size());
    return true;
}

void XmlHighlighter::highlightBlock(const QString& text) {
    setCurrentBlockState(Normal);

    for (auto it = m_tagPattern.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(static_cast<int>(m.capturedStart()), static_cast<int>(m.capturedLength()), m_tag);
    }
    for (auto it = m_attributePattern.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(static_cast<int>(m.capturedStart(1)), static_cast<int>(m.capturedLength(1)),
                  m_attribute);
        setFormat(static_cast<int>(m.capturedStart(2)), static_cast<int>(m.capturedLength(2)),
                  m_value);
    }
    for (auto it = m_entityPattern.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(static_cast<int>(m.capturedStart()), static_cast<int>(m.capturedLength()),
                  m_entity);
    }
    for (auto it = m_expressionPattern.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(static_cast<int>(m.capturedStart()), static_cast<int>(m.capturedLength()),
                  m_expression);
    }

    // Comments and CDATA may span lines; they override whatever was coloured above.
    int from = 0;
    if (previousBlockState() == InComment) {
        if (!highlightSpan(text, from, QStringLiteral("<!--"), QStringLiteral("-->"), InComment,
                           m_comment))
            return;
    } else if (previousBlockState() == InCData) {
        if (!highlightSpan(text, from, QStringLiteral("<![CDATA["), QStringLiteral("]]>"), InCData,
                           m_value))
            return;
    }
    while (from < text.size()) {
        const int comment = static_cast<int>(text.indexOf(QStringLiteral("<!--"), from));
        const int cdata = static_cast<int>(text.indexOf(QStringLiteral("<![CDATA["), from));
        if (comment < 0 && cdata < 0)
            break;
        const bool isComment = cdata < 0 || (comment >= 0 && comment < cdata);
        from = isComment ? comment : cdata;
        if (isComment)
            highlightSpan(text, from, QStringLiteral("<!--"), QStringLiteral("-->"), InComment,
                          m_comment);
        else
            highlightSpan(text, from, QStringLiteral("<![CDATA["), QStringLiteral("]]>"), InCData,
                          m_value);
    }
}

} // namespace portico::ui
