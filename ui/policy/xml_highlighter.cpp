#include "ui/policy/xml_highlighter.h"

#include "ui/theme/color_scheme.h"

namespace portico::ui {

XmlHighlighter::XmlHighlighter(QTextDocument* document, bool darkBackground)
    : QSyntaxHighlighter(document)
    , m_tagPattern(QStringLiteral("</?[A-Za-z_][\\w.:-]*|/?>"))
    , m_attributePattern(QStringLiteral("([A-Za-z_][\\w.:-]*)\\s*=\\s*(\"[^\"]*\"|'[^']*')"))
    , m_expressionPattern(QStringLiteral("@\\([^)]*\\)|@\\{[^}]*\\}|\\{\\{[^}]*\\}\\}"))
    , m_entityPattern(QStringLiteral("&[A-Za-z#0-9]+;")) {
    m_tag.setFontWeight(QFont::DemiBold);
    m_comment.setFontItalic(true);
    setDarkBackground(darkBackground);
}

void XmlHighlighter::setDarkBackground(bool darkBackground) {
    const SyntaxColors c = syntaxColors(darkBackground ? ColorScheme::Dark : ColorScheme::Light);
    m_tag.setForeground(c.tag);
    m_attribute.setForeground(c.attribute);
    m_value.setForeground(c.value);
    m_comment.setForeground(c.comment);
    m_expression.setForeground(c.expression);
    m_expression.setBackground(c.expressionBackground);
    m_entity.setForeground(c.entity);
    rehighlight();
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
