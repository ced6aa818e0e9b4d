#include "ui/palette/command_palette.h"

#include "ui/common/icons.h"
#include "ui/workspace/item_locator.h"
#include "ui/workspace/workspace_document.h"

#include <QAction>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace portico::ui {

namespace {

constexpr int kRefRole = Qt::UserRole + 1;
constexpr int kSearchRole = Qt::UserRole + 2;
constexpr int kActionRole = Qt::UserRole + 3;

// Matches when the typed characters appear in order ("ordget" finds "Orders: GET /orders").
class SubsequenceFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setPattern(const QString& pattern) {
        m_pattern = pattern.simplified().remove(QLatin1Char(' ')).toCaseFolded();
        invalidate();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        const QString text =
            sourceModel()->index(row, 0, parent).data(kSearchRole).toString().toCaseFolded();
        qsizetype at = 0;
        for (const QChar c : m_pattern) {
            at = text.indexOf(c, at);
            if (at < 0)
                return false;
            ++at;
        }
        return true;
    }

    // Whole-word-ish hits first ("save" finds Save before "subscriptions … Ada's …"), then
    // the workspace order.
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
        const int l = rank(left);
        const int r = rank(right);
        return l != r ? l < r : left.row() < right.row();
    }

private:
    int rank(const QModelIndex& index) const {
        const QString text = index.data(Qt::DisplayRole).toString().toCaseFolded();
        if (m_pattern.isEmpty())
            return 0;
        if (text.startsWith(m_pattern))
            return 0;
        return text.contains(m_pattern) ? 1 : 2;
    }

    QString m_pattern;
};

QString kindLabel(ItemKind kind) {
    switch (kind) {
    case ItemKind::Api:
        return CommandPalette::tr("API");
    case ItemKind::Operation:
        return CommandPalette::tr("Operation");
    case ItemKind::Product:
        return CommandPalette::tr("Product");
    case ItemKind::Subscription:
        return CommandPalette::tr("Subscription");
    case ItemKind::User:
        return CommandPalette::tr("User");
    case ItemKind::NamedValue:
        return CommandPalette::tr("Named value");
    case ItemKind::Backend:
        return CommandPalette::tr("Backend");
    case ItemKind::Fragment:
        return CommandPalette::tr("Fragment");
    case ItemKind::Gateway:
        return CommandPalette::tr("Gateway");
    case ItemKind::GlobalPolicy:
        return CommandPalette::tr("Policy");
    case ItemKind::Workspace:
    case ItemKind::None:
        break;
    }
    return {};
}

} // namespace

CommandPalette::CommandPalette(WorkspaceDocument* document, QWidget* parent)
    : QFrame(parent)
    , m_document(document)
    , m_lineEdit(new QLineEdit(this))
    , m_listView(new QListView(this))
    , m_model(new QStandardItemModel(this))
    , m_proxy(new SubsequenceFilter(this)) {
    setObjectName(QStringLiteral("commandPaletteFrame"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setAccessibleName(tr("Command palette"));

    m_lineEdit->setObjectName(QStringLiteral("commandPaletteLineEdit"));
    m_lineEdit->setPlaceholderText(tr("Go to an API, operation, product, user…"));
    m_lineEdit->setAccessibleName(tr("Search items"));
    m_lineEdit->setClearButtonEnabled(true);
    m_lineEdit->installEventFilter(this);

    m_proxy->setSourceModel(m_model);
    m_proxy->setDynamicSortFilter(true);
    m_proxy->sort(0);
    m_listView->setObjectName(QStringLiteral("commandPaletteListView"));
    m_listView->setAccessibleName(tr("Matching items"));
    m_listView->setModel(m_proxy);
    m_listView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_listView->setUniformItemSizes(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(m_lineEdit);
    layout->addWidget(m_listView);

    connect(m_lineEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        static_cast<SubsequenceFilter*>(m_proxy)->setPattern(text);
        m_listView->setCurrentIndex(m_proxy->index(0, 0));
    });
    connect(m_lineEdit, &QLineEdit::returnPressed, this, &CommandPalette::chooseCurrent);
    connect(m_listView, &QListView::activated, this, &CommandPalette::chooseCurrent);
    hide();
}

void CommandPalette::popup() {
    populate();
    m_lineEdit->clear();
    m_listView->setCurrentIndex(m_proxy->index(0, 0));
    placeOverParent();
    show();
    raise();
    m_lineEdit->setFocus(Qt::ShortcutFocusReason);
}

void CommandPalette::placeOverParent() {
    const QWidget* host = parentWidget();
    if (!host)
        return;
    const int width = qMin(560, host->width() - 40);
    const int height = qMin(360, host->height() - 80);
    setGeometry((host->width() - width) / 2, 60, width, height);
}

void CommandPalette::populate() {
    m_model->clear();
    if (!m_document->isOpen())
        return;
    const auto& ws = m_document->workspace();
    auto add = [&](const ItemRef& ref, const QString& context = {}) {
        const QString label = itemLabel(ws, ref);
        QString text = context.isEmpty() ? label : QStringLiteral("%1 › %2").arg(context, label);
        auto* row = new QStandardItem(iconFor(ref.kind), text);
        row->setData(QVariant::fromValue(ref), kRefRole);
        row->setData(QStringLiteral("%1 %2 %3").arg(text, ref.id, kindLabel(ref.kind)),
                     kSearchRole);
        row->setToolTip(kindLabel(ref.kind));
        m_model->appendRow(row);
    };
    add({ItemKind::GlobalPolicy, {}, {}});
    for (const auto& api : ws.apis) {
        add(refOf(api));
        for (const auto& op : api.specification.operations)
            add({ItemKind::Operation, QString::fromStdString(op.id),
                 QString::fromStdString(api.id)},
                itemLabel(ws, refOf(api)));
    }
    for (const auto& e : ws.products)
        add(refOf(e));
    for (const auto& e : ws.subscriptions)
        add(refOf(e));
    for (const auto& e : ws.users)
        add(refOf(e));
    for (const auto& e : ws.namedValues)
        add(refOf(e));
    for (const auto& e : ws.backends)
        add(refOf(e));
    for (const auto& e : ws.fragments)
        add(refOf(e));
    for (const auto& e : ws.gateways)
        add(refOf(e));
    for (QAction* action : m_commands) {
        if (!action->isEnabled())
            continue;
        const QString text = action->text().remove(QLatin1Char('&'));
        auto* row = new QStandardItem(action->icon(), text);
        if (!action->shortcut().isEmpty())
            row->setText(QStringLiteral("%1    %2")
                             .arg(text, action->shortcut().toString(QKeySequence::NativeText)));
        row->setData(QVariant::fromValue(static_cast<QObject*>(action)), kActionRole);
        row->setData(QStringLiteral("%1 %2").arg(text, tr("Command")), kSearchRole);
        row->setToolTip(action->statusTip());
        m_model->appendRow(row);
    }
}

void CommandPalette::chooseCurrent() {
    QModelIndex current = m_listView->currentIndex();
    if (!current.isValid())
        current = m_proxy->index(0, 0);
    if (!current.isValid())
        return;
    hide();
    if (auto* action = qobject_cast<QAction*>(current.data(kActionRole).value<QObject*>())) {
        action->trigger();
        return;
    }
    Q_EMIT itemChosen(current.data(kRefRole).value<ItemRef>());
}

bool CommandPalette::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_lineEdit && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const int rows = m_proxy->rowCount();
        const int row = m_listView->currentIndex().row();
        switch (key->key()) {
        case Qt::Key_Escape:
            hide();
            if (parentWidget())
                parentWidget()->setFocus();
            return true;
        case Qt::Key_Down:
            if (rows > 0)
                m_listView->setCurrentIndex(m_proxy->index(qMin(row + 1, rows - 1), 0));
            return true;
        case Qt::Key_Up:
            if (rows > 0)
                m_listView->setCurrentIndex(m_proxy->index(qMax(row - 1, 0), 0));
            return true;
        default:
            break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace portico::ui
