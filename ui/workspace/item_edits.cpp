#include "ui/workspace/item_edits.h"

#include "core/model/value_rules.h"
#include "core/openapi/api_from_specification.h"
#include "core/openapi/import.h"
#include "ui/workspace/entity_lookup.h"
#include "ui/workspace/item_references.h"
#include "ui/workspace/workspace_document.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUndoCommand>

#include <algorithm>

namespace portico::ui {

// Translation context of the strings in this file.
class ItemEdits {
    Q_DECLARE_TR_FUNCTIONS(ItemEdits)
};

namespace {

// Swaps a whole entity list, so that delete and rename undo exactly, order included.
template <class E> class ReplaceListCommand : public QUndoCommand {
public:
    ReplaceListCommand(WorkspaceDocument* document, std::vector<E> after, const QString& text)
        : QUndoCommand(text)
        , m_document(document)
        , m_before(EntityTraits<E>::list(document->workspace()))
        , m_after(std::move(after)) {}
    void redo() override { apply(m_after); }
    void undo() override { apply(m_before); }

private:
    void apply(const std::vector<E>& list) {
        EntityTraits<E>::list(m_document->mutableWorkspace()) = list;
        m_document->notifyStructureChanged();
    }
    WorkspaceDocument* m_document;
    std::vector<E> m_before;
    std::vector<E> m_after;
};

QString kindName(ItemKind kind) {
    switch (kind) {
    case ItemKind::Api:
        return ItemEdits::tr("API");
    case ItemKind::Product:
        return ItemEdits::tr("product");
    case ItemKind::Subscription:
        return ItemEdits::tr("subscription");
    case ItemKind::User:
        return ItemEdits::tr("user");
    case ItemKind::NamedValue:
        return ItemEdits::tr("named value");
    case ItemKind::Backend:
        return ItemEdits::tr("backend");
    case ItemKind::Fragment:
        return ItemEdits::tr("fragment");
    default:
        return ItemEdits::tr("item");
    }
}

template <class E> QString removeEntity(WorkspaceDocument* document, const ItemRef& ref) {
    auto list = EntityTraits<E>::list(document->workspace());
    const std::string id = ref.id.toStdString();
    const auto erased =
        std::erase_if(list, [&](const E& e) { return EntityTraits<E>::id(e) == id; });
    if (erased == 0)
        return ItemEdits::tr("There is no %1 “%2” any more.").arg(kindName(ref.kind), ref.id);
    document->undoStack()->push(
        new ReplaceListCommand<E>(document, std::move(list),
                                  ItemEdits::tr("Delete %1 “%2”").arg(kindName(ref.kind), ref.id)));
    return {};
}

template <class E>
QString renameEntity(WorkspaceDocument* document, const ItemRef& ref, const QString& newId) {
    auto list = EntityTraits<E>::list(document->workspace());
    const std::string id = ref.id.toStdString();
    const std::string next = newId.toStdString();
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const E& e) { return EntityTraits<E>::id(e) == id; });
    if (it == list.end())
        return ItemEdits::tr("There is no %1 “%2” any more.").arg(kindName(ref.kind), ref.id);
    if (std::any_of(list.begin(), list.end(),
                    [&](const E& e) { return EntityTraits<E>::id(e) == next; }))
        return ItemEdits::tr("Another %1 is already called “%2”.").arg(kindName(ref.kind), newId);
    const_cast<std::string&>(EntityTraits<E>::id(*it)) = next;
    // The renamed entity lives in a new file: nothing of the old one's layout applies.
    it->origin.canonicalAtLoad.clear();
    std::sort(list.begin(), list.end(), [](const E& a, const E& b) {
        return EntityTraits<E>::id(a) < EntityTraits<E>::id(b);
    });
    document->undoStack()->push(new ReplaceListCommand<E>(
        document, std::move(list),
        ItemEdits::tr("Rename %1 “%2” to “%3”").arg(kindName(ref.kind), ref.id, newId)));
    return {};
}

template <class E> struct Tag { using Type = E; };

// Calls `f` with Tag<E> for the entity type of `kind`.
template <class F> QString dispatch(ItemKind kind, F f) {
    switch (kind) {
    case ItemKind::Api:
        return f(Tag<model::Api>{});
    case ItemKind::Product:
        return f(Tag<model::Product>{});
    case ItemKind::Subscription:
        return f(Tag<model::Subscription>{});
    case ItemKind::User:
        return f(Tag<model::User>{});
    case ItemKind::NamedValue:
        return f(Tag<model::NamedValue>{});
    case ItemKind::Backend:
        return f(Tag<model::Backend>{});
    case ItemKind::Fragment:
        return f(Tag<model::Fragment>{});
    default:
        return ItemEdits::tr("This item cannot be deleted or renamed.");
    }
}

QString refusal(const QString& action, const ItemRef& ref, const QStringList& referrers) {
    return ItemEdits::tr("Cannot %1 %2 “%3”: it is still used by %4.")
        .arg(action, kindName(ref.kind), ref.id, referrers.join(ItemEdits::tr(", ")));
}

} // namespace

bool canDeleteOrRename(const ItemRef& ref) {
    switch (ref.kind) {
    case ItemKind::Api:
    case ItemKind::Product:
    case ItemKind::Subscription:
    case ItemKind::User:
    case ItemKind::NamedValue:
    case ItemKind::Backend:
    case ItemKind::Fragment:
        return true;
    default:
        return false;
    }
}

QString deleteRefusal(const WorkspaceDocument* document, const ItemRef& ref) {
    if (!canDeleteOrRename(ref))
        return ItemEdits::tr("This item cannot be deleted.");
    const QStringList referrers = referencesTo(document->workspace(), ref);
    if (!referrers.isEmpty())
        return refusal(ItemEdits::tr("delete"), ref, referrers);
    return {};
}

QString deleteItem(WorkspaceDocument* document, const ItemRef& ref) {
    if (QString refused = deleteRefusal(document, ref); !refused.isEmpty())
        return refused;
    return dispatch(ref.kind, [&](auto tag) {
        return removeEntity<typename decltype(tag)::Type>(document, ref);
    });
}

QString renameItem(WorkspaceDocument* document, const ItemRef& ref, const QString& newId) {
    if (!canDeleteOrRename(ref))
        return ItemEdits::tr("This item cannot be renamed.");
    if (newId == ref.id)
        return {};
    if (const std::string problem = model::checkId(newId.toStdString()); !problem.empty())
        return ItemEdits::tr("“%1” is not a valid name: %2.")
            .arg(newId, QString::fromStdString(problem));
    const QStringList referrers = referencesTo(document->workspace(), ref);
    if (!referrers.isEmpty())
        return refusal(ItemEdits::tr("rename"), ref, referrers);
    return dispatch(ref.kind, [&](auto tag) {
        return renameEntity<typename decltype(tag)::Type>(document, ref, newId);
    });
}

QString importOpenApi(WorkspaceDocument* document, const QString& file, ItemRef* added) {
    if (!document->isOpen())
        return ItemEdits::tr("Open a workspace before importing an API.");
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return ItemEdits::tr("Cannot read %1: %2")
            .arg(QDir::toNativeSeparators(file), in.errorString());
    const std::string text = in.readAll().toStdString();
    const std::string name = QFileInfo(file).fileName().toStdString();

    model::DiagnosticList diagnostics;
    auto specification = openapi::parseSpecification(text, name, diagnostics);
    if (!specification || diagnostics.hasErrors()) {
        QStringList lines;
        for (const auto& d : diagnostics.items()) {
            if (d.severity != model::Severity::Error)
                continue;
            lines.append(QStringLiteral("%1:%2:%3: %4")
                             .arg(QString::fromStdString(d.where.file))
                             .arg(d.where.line)
                             .arg(d.where.column)
                             .arg(QString::fromStdString(d.message)));
            if (lines.size() == 8)
                break;
        }
        if (lines.isEmpty())
            lines.append(ItemEdits::tr("%1: not an OpenAPI or Swagger document.")
                             .arg(QString::fromStdString(name)));
        return ItemEdits::tr("%1 was not imported:\n%2")
            .arg(QDir::toNativeSeparators(file), lines.join(QLatin1Char('\n')));
    }

    const auto& ws = document->workspace();
    openapi::ApiImportOptions options;
    const std::string base = openapi::apiIdFromTitle(specification->title);
    options.id = base;
    for (int n = 2; ws.findApi(options.id); ++n)
        options.id = base + "-" + std::to_string(n);
    options.path = options.id;
    auto pathTaken = [&](const std::string& path) {
        return std::any_of(ws.apis.begin(), ws.apis.end(),
                           [&](const model::Api& a) { return a.path == path; });
    };
    for (int n = 2; pathTaken(options.path); ++n)
        options.path = options.id + "-" + std::to_string(n);
    const QString suffix = QFileInfo(file).suffix().toLower();
    options.specificationFile = suffix == QLatin1String("json") ? "openapi.json" : "openapi.yaml";

    model::Api api = openapi::apiFromSpecification(*specification, options);
    api.specificationText = text;
    const ItemRef ref = refOf(api);
    document->addEntity(std::move(api), ItemEdits::tr("Import API “%1”").arg(ref.id));
    if (added)
        *added = ref;
    return {};
}

} // namespace portico::ui
