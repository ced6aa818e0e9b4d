#include "ui/policy/policy_editor.h"

#include "ui/common/global_undo_filter.h"
#include "ui/policy/xml_highlighter.h"
#include "ui/theme/color_scheme.h"
#include "ui/workspace/workspace_document.h"

#include <QEvent>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QVBoxLayout>
#include <QXmlStreamReader>

namespace portico::ui {

PolicyEditor::PolicyEditor(WorkspaceDocument* document, ItemRef ref, Getter getter, Setter setter,
                           QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_ref(std::move(ref))
    , m_getter(std::move(getter))
    , m_setter(std::move(setter))
    , m_textEdit(new QPlainTextEdit(this))
    , m_statusLabel(new QLabel(this)) {
    m_textEdit->setObjectName(QStringLiteral("policyPlainTextEdit"));
    m_textEdit->setAccessibleName(tr("Policy XML"));
    m_textEdit->setUndoRedoEnabled(false);
    GlobalUndoFilter::install(m_textEdit);
    m_textEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_textEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_textEdit->setTabStopDistance(4 *
                                   m_textEdit->fontMetrics().horizontalAdvance(QLatin1Char(' ')));
    m_textEdit->setMinimumHeight(280);
    m_highlighter = new XmlHighlighter(m_textEdit->document(), isDark(palette()));

    m_statusLabel->setObjectName(QStringLiteral("policyStatusLabel"));
    m_statusLabel->setAccessibleName(tr("Policy XML status"));
    m_statusLabel->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_textEdit, 1);
    layout->addWidget(m_statusLabel);

    connect(m_textEdit, &QPlainTextEdit::textChanged, this, &PolicyEditor::onTextChanged);
    connect(document, &WorkspaceDocument::itemChanged, this, [this](const ItemRef& changed) {
        if (changed == m_ref)
            refresh();
    });
    refresh();
}

void PolicyEditor::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    // The app switched between light and dark: the XML colours follow.
    if (event->type() == QEvent::PaletteChange && m_highlighter) {
        m_highlighter->setDarkBackground(isDark(palette()));
        check();
    }
}

void PolicyEditor::refresh() {
    const QString text = QString::fromStdString(m_getter(m_document->workspace()));
    if (m_textEdit->toPlainText() != text) {
        m_updating = true;
        const int position = m_textEdit->textCursor().position();
        m_textEdit->setPlainText(text);
        QTextCursor cursor = m_textEdit->textCursor();
        cursor.setPosition(qMin(position, static_cast<int>(text.size())));
        m_textEdit->setTextCursor(cursor);
        m_updating = false;
    }
    check();
}

void PolicyEditor::onTextChanged() {
    if (m_updating)
        return;
    const std::string before = m_getter(m_document->workspace());
    const std::string after = m_textEdit->toPlainText().toStdString();
    m_document->setValue<std::string>(m_ref, QStringLiteral("policy"), tr("Edit policy"), before,
                                      after, m_setter);
    check();
}

void PolicyEditor::check() {
    const QString text = m_textEdit->toPlainText();
    m_xmlError.clear();
    QList<QTextEdit::ExtraSelection> marks;
    if (text.trimmed().isEmpty()) {
        m_statusLabel->setText(tr("No policy: the scope inherits its parent's policy."));
        m_textEdit->setExtraSelections(marks);
        return;
    }
    QXmlStreamReader reader(text);
    while (!reader.atEnd())
        reader.readNext();
    if (!reader.hasError()) {
        m_statusLabel->setText(tr("Well-formed XML."));
        m_textEdit->setExtraSelections(marks);
        return;
    }
    const int line = static_cast<int>(reader.lineNumber());
    const int column = static_cast<int>(reader.columnNumber());
    m_xmlError = tr("%1:%2: %3").arg(line).arg(column).arg(reader.errorString());
    m_statusLabel->setText(
        tr("Line %1, column %2: %3").arg(line).arg(column).arg(reader.errorString()));

    QTextEdit::ExtraSelection mark;
    mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    QColor diagnostic = syntaxColors(schemeOf(palette())).diagnostic;
    mark.format.setUnderlineColor(diagnostic);
    diagnostic.setAlpha(40);
    mark.format.setBackground(diagnostic);
    mark.format.setProperty(QTextFormat::FullWidthSelection, true);
    const QTextBlock block = m_textEdit->document()->findBlockByLineNumber(qMax(0, line - 1));
    mark.cursor = QTextCursor(block);
    mark.cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    marks << mark;
    m_textEdit->setExtraSelections(marks);
}

} // namespace portico::ui
