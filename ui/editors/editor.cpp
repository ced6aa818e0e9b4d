#include "ui/editors/editor.h"

#include "ui/common/global_undo_filter.h"
#include "ui/common/icons.h"
#include "ui/workspace/item_locator.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QKeyEvent>
#include <QLabel>
#include <QRegularExpression>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace portico::ui {

namespace {
// One label width for every form so that fields line up across groups.
constexpr int kLabelWidth = 170;
constexpr int kMaxEditorWidth = 1040;
} // namespace

Editor::Editor(const EditorContext& context, ItemRef ref, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
    , m_ref(std::move(ref))
    , m_body(new QVBoxLayout)
    , m_problemsLabel(new QLabel(this)) {
    setMaximumWidth(kMaxEditorWidth);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);
    m_body->setSpacing(12);

    m_problemsLabel->setObjectName(QStringLiteral("itemProblemsLabel"));
    m_problemsLabel->setWordWrap(true);
    m_problemsLabel->setTextFormat(Qt::RichText);
    m_problemsLabel->setAccessibleName(tr("Problems of this item"));
    m_problemsLabel->hide();

    layout->addLayout(m_body);
    layout->addWidget(m_problemsLabel);
    layout->addStretch(1);

    connect(context.document, &WorkspaceDocument::itemChanged, this,
            [this](const ItemRef& changed) {
                if (changed == m_ref)
                    refresh();
            });
    connect(context.document, &WorkspaceDocument::diagnosticsChanged, this,
            &Editor::updateProblems);
}

QWidget* Editor::focusField(const QString& key) {
    if (key.isEmpty())
        return nullptr;
    // Keys whose control is named differently from the key.
    static const QHash<QString, QString> aliases = {
        {QStringLiteral("backend"), QStringLiteral("backendComboBox")},
        {QStringLiteral("protocols"), QStringLiteral("httpsCheckBox")},
        {QStringLiteral("secret"), QStringLiteral("secretReferenceLineEdit")},
        {QStringLiteral("subscriptionKeyHeaderName"),
         QStringLiteral("subscriptionKeyHeaderLineEdit")},
        {QStringLiteral("subscriptionKeyQueryParamName"),
         QStringLiteral("subscriptionKeyQueryLineEdit")},
        {QStringLiteral("validateCertificateChain"), QStringLiteral("validateChainCheckBox")},
        {QStringLiteral("validateCertificateName"), QStringLiteral("validateNameCheckBox")},
        {QStringLiteral("credentialsReference"), QStringLiteral("credentialsReferenceLineEdit")},
    };
    QWidget* target = nullptr;
    if (aliases.contains(key))
        target = findChild<QWidget*>(aliases.value(key));
    for (const char* suffix : {"LineEdit", "ComboBox", "CheckBox", "ListWidget", "SpinBox",
                               "TableWidget", "PlainTextEdit"}) {
        if (target)
            break;
        target = findChild<QWidget*>(key + QLatin1String(suffix));
    }
    if (!target)
        return nullptr;
    // Bring its tab to the front first: hidden widgets cannot take the focus.
    for (QWidget* w = target->parentWidget(); w && w != this; w = w->parentWidget())
        if (auto* tabs = qobject_cast<QTabWidget*>(w))
            for (int i = 0; i < tabs->count(); ++i)
                if (tabs->widget(i)->isAncestorOf(target))
                    tabs->setCurrentIndex(i);
    target->setFocus(Qt::OtherFocusReason);
    return target;
}

void Editor::setHeader(const QString& subtitle) {
    auto* header = new QHBoxLayout;
    header->setSpacing(10);
    auto* iconLabel = new QLabel(this);
    iconLabel->setPixmap(iconFor(m_ref.kind).pixmap(32, 32));
    auto* title = new QLabel(this);
    title->setObjectName(QStringLiteral("editorTitleLabel"));
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    title->setFont(font);
    auto* sub = new QLabel(subtitle, this);
    sub->setObjectName(QStringLiteral("editorSubtitleLabel"));
    sub->setForegroundRole(QPalette::PlaceholderText);
    sub->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(title);
    titles->addWidget(sub);
    header->addWidget(iconLabel, 0, Qt::AlignTop);
    header->addLayout(titles, 1);
    m_body->addLayout(header);
    addRefresher(
        [this, title] { title->setText(itemLabel(m_context.document->workspace(), m_ref)); });
}

QFormLayout* Editor::addForm(const QString& title, QVBoxLayout* into) {
    QVBoxLayout* target = into ? into : m_body;
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(8);
    if (title.isEmpty()) {
        target->addLayout(form);
    } else {
        auto* group = new QGroupBox(title, this);
        group->setFlat(false);
        group->setLayout(form);
        target->addWidget(group);
    }
    return form;
}

void Editor::refresh() {
    for (const auto& refresher : m_refreshers)
        refresher();
    updateProblems();
}

void Editor::updateProblems() {
    const auto& ws = m_context.document->workspace();
    QStringList lines;
    for (const auto& d : m_context.document->diagnostics().items()) {
        ItemRef owner = itemForFile(ws, QString::fromStdString(d.where.file));
        if (owner != m_ref)
            continue;
        const bool isError = d.severity == model::Severity::Error;
        lines << QStringLiteral("<img src=\":/icons/%1.svg\" width=14 height=14> %2 %3")
                     .arg(isError ? QStringLiteral("error") : QStringLiteral("warning"),
                          QString::fromStdString(d.code).toHtmlEscaped(),
                          QString::fromStdString(d.message).toHtmlEscaped());
    }
    m_problemsLabel->setText(lines.join(QStringLiteral("<br>")));
    m_problemsLabel->setVisible(!lines.isEmpty());
}

void Editor::showCheck(QLineEdit* lineEdit, const QString& error) {
    const auto actions = lineEdit->actions();
    QAction* marker = nullptr;
    for (QAction* action : actions)
        if (action->objectName() == QLatin1String("fieldErrorAction"))
            marker = action;
    if (error.isEmpty()) {
        delete marker;
        lineEdit->setToolTip({});
        lineEdit->setAccessibleDescription({});
        lineEdit->setProperty("invalid", false);
        return;
    }
    if (!marker) {
        marker = lineEdit->addAction(icon("error"), QLineEdit::TrailingPosition);
        marker->setObjectName(QStringLiteral("fieldErrorAction"));
    }
    marker->setToolTip(error);
    lineEdit->setToolTip(error);
    lineEdit->setAccessibleDescription(error);
    lineEdit->setProperty("invalid", true);
}

QString Editor::editText(const QString& label) {
    return tr("Edit %1").arg(label);
}

QString Editor::changeText(const QString& label) {
    return tr("Change %1").arg(label);
}

QLabel* Editor::formLabel(const QString& text, QWidget* buddy) {
    auto* label = new QLabel(text, this);
    label->setMinimumWidth(kLabelWidth);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (buddy)
        label->setBuddy(buddy);
    return label;
}

QLineEdit* Editor::newLineEdit(QFormLayout* form, const QString& objectName, const QString& label) {
    auto* lineEdit = new QLineEdit(this);
    GlobalUndoFilter::install(lineEdit);
    lineEdit->setObjectName(objectName);
    lineEdit->setAccessibleName(label);
    auto* labelWidget = new QLabel(tr("%1:").arg(label), this);
    labelWidget->setMinimumWidth(kLabelWidth);
    labelWidget->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    labelWidget->setBuddy(lineEdit);
    form->addRow(labelWidget, lineEdit);
    return lineEdit;
}

QComboBox* Editor::newComboBox(QFormLayout* form, const QString& objectName, const QString& label) {
    auto* combo = new QComboBox(this);
    combo->setObjectName(objectName);
    combo->setAccessibleName(label);
    auto* labelWidget = new QLabel(tr("%1:").arg(label), this);
    labelWidget->setMinimumWidth(kLabelWidth);
    labelWidget->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    labelWidget->setBuddy(combo);
    form->addRow(labelWidget, combo);
    return combo;
}

QCheckBox* Editor::newCheckBox(QFormLayout* form, const QString& objectName, const QString& text) {
    auto* checkBox = new QCheckBox(text, this);
    checkBox->setObjectName(objectName);
    checkBox->setAccessibleName(text);
    form->addRow(QString(), checkBox);
    return checkBox;
}

QLineEdit* Editor::newReadOnly(QFormLayout* form, const QString& objectName, const QString& label,
                               const QString& value) {
    QLineEdit* lineEdit = newLineEdit(form, objectName, label);
    lineEdit->setReadOnly(true);
    lineEdit->setFrame(false);
    lineEdit->setText(value);
    return lineEdit;
}

namespace checks {

QString required(const QString& value) {
    return value.trimmed().isEmpty() ? Editor::tr("This field is required.") : QString();
}

QString url(const QString& value) {
    if (value.trimmed().isEmpty())
        return Editor::tr("Enter a URL such as https://backend.example.com/api.");
    return optionalUrl(value);
}

QString optionalUrl(const QString& value) {
    if (value.isEmpty())
        return {};
    const QUrl url(value, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https") &&
         scheme != QLatin1String("ws") && scheme != QLatin1String("wss")))
        return Editor::tr("Expected an absolute http, https, ws or wss URL with a host.");
    return {};
}

QString apiPath(const QString& value) {
    if (value.startsWith(QLatin1Char('/')) || value.endsWith(QLatin1Char('/')))
        return Editor::tr("Write the path without a leading or trailing '/'.");
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$"));
    if (!allowed.match(value).hasMatch())
        return Editor::tr("The path may only contain URL path characters (no spaces).");
    return {};
}

QString email(const QString& value) {
    static const QRegularExpression shape(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    if (value.isEmpty())
        return Editor::tr("This field is required.");
    return shape.match(value).hasMatch() ? QString()
                                         : Editor::tr("Expected an address like name@example.com.");
}

QString headerName(const QString& value) {
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    if (value.isEmpty())
        return Editor::tr("This field is required.");
    return token.match(value).hasMatch() ? QString() : Editor::tr("Not a valid HTTP header name.");
}

} // namespace checks

} // namespace portico::ui
