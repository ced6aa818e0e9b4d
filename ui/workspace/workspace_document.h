#pragma once

#include "core/model/diagnostic.h"
#include "core/model/workspace.h"
#include "ui/workspace/entity_lookup.h"
#include "ui/workspace/item_ref.h"
#include "ui/workspace/set_value_command.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>
#include <concepts>
#include <functional>

namespace portico::ui {

// The open workspace: the model, its one undo stack, its dirty state and its diagnostics.
// Every change goes through an undo command so that nothing is edited behind the stack's back.
class WorkspaceDocument : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceDocument(QObject* parent = nullptr);

    bool isOpen() const { return m_open; }
    const model::Workspace& workspace() const { return m_workspace; }
    model::Workspace& mutableWorkspace() { return m_workspace; }
    QString rootPath() const;
    QString name() const;
    QUndoStack* undoStack() const { return m_undoStack; }
    bool isDirty() const { return m_open && !m_undoStack->isClean(); }

    // Load diagnostics (kept until the next load) followed by the latest validation.
    const model::DiagnosticList& diagnostics() const { return m_diagnostics; }

    // Returns an empty string on success, otherwise what went wrong.
    QString open(const QString& directory);
    QString save();
    QString createEmpty(const QString& directory);
    void setWorkspace(model::Workspace workspace, model::DiagnosticList loadDiagnostics = {});
    void close();

    template <class V>
    void setValue(const ItemRef& ref, const QString& field, const QString& text, V before, V after,
                  typename SetValueCommand<V>::Setter setter) {
        if constexpr (kComparable<V>) {
            if (before == after)
                return;
        }
        m_undoStack->push(new SetValueCommand<V>(this, ref, field, text, std::move(before),
                                                 std::move(after), std::move(setter)));
    }

    // Sets one member of an entity found by id, e.g. setMember(ref, &model::Api::path, ...).
    template <class E, class V>
    void setMember(const ItemRef& ref, V E::*member, V value, const QString& field,
                   const QString& text) {
        const E* entity = findEntity<E>(m_workspace, ref.id);
        if (!entity)
            return;
        const QString id = ref.id;
        setValue<V>(ref, field, text, entity->*member, std::move(value),
                    [id, member](model::Workspace& ws, const V& v) {
                        if (E* e = findEntity<E>(ws, id))
                            e->*member = v;
                    });
    }

    // Edits an entity as a whole; `mutate` changes a copy which then replaces the original.
    template <class E>
    void editEntity(const ItemRef& ref, const QString& field, const QString& text,
                    const std::function<void(E&)>& mutate) {
        const E* entity = findEntity<E>(m_workspace, ref.id);
        if (!entity)
            return;
        E after = *entity;
        mutate(after);
        const QString id = ref.id;
        setValue<E>(ref, field, text, *entity, std::move(after),
                    [id](model::Workspace& ws, const E& v) {
                        if (E* e = findEntity<E>(ws, id))
                            *e = v;
                    });
    }

    template <class E> void addEntity(E entity, const QString& text);

    // Called by commands after they changed the model.
    void notifyItemChanged(const ItemRef& ref);
    void notifyStructureChanged();

    // Runs the validator now; edits schedule this themselves.
    void revalidate();

Q_SIGNALS:
    void workspaceReset();
    void itemChanged(const portico::ui::ItemRef& ref);
    void structureChanged();
    void diagnosticsChanged();
    void dirtyChanged(bool dirty);

private:
    model::Workspace m_workspace;
    model::DiagnosticList m_loadDiagnostics;
    model::DiagnosticList m_diagnostics;
    QUndoStack* m_undoStack;
    QTimer m_validateTimer;
    bool m_open = false;
};

template <class V> void SetValueCommand<V>::apply(const V& value) {
    m_setter(m_document->mutableWorkspace(), value);
    m_document->notifyItemChanged(m_ref);
}

// Adds an entity in id order (the model keeps lists sorted so that saves are stable).
template <class E> class AddEntityCommand : public QUndoCommand {
public:
    AddEntityCommand(WorkspaceDocument* document, E entity, const QString& text)
        : QUndoCommand(text)
        , m_document(document)
        , m_entity(std::move(entity)) {}
    void redo() override {
        auto& list = EntityTraits<E>::list(m_document->mutableWorkspace());
        const auto& id = EntityTraits<E>::id(m_entity);
        auto it = std::find_if(list.begin(), list.end(),
                               [&](const E& e) { return EntityTraits<E>::id(e) > id; });
        list.insert(it, m_entity);
        m_document->notifyStructureChanged();
    }
    void undo() override {
        auto& list = EntityTraits<E>::list(m_document->mutableWorkspace());
        const auto& id = EntityTraits<E>::id(m_entity);
        std::erase_if(list, [&](const E& e) { return EntityTraits<E>::id(e) == id; });
        m_document->notifyStructureChanged();
    }

private:
    WorkspaceDocument* m_document;
    E m_entity;
};

template <class E> void WorkspaceDocument::addEntity(E entity, const QString& text) {
    m_undoStack->push(new AddEntityCommand<E>(this, std::move(entity), text));
}

} // namespace portico::ui
