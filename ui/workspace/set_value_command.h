#pragma once

#include "core/model/workspace.h"
#include "ui/workspace/item_ref.h"

#include <QUndoCommand>

#include <concepts>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace portico::ui {

class WorkspaceDocument;

// Whether two values can be compared to skip no-op edits. Containers claim == even when their
// elements have none, so look inside them.
template <class T> constexpr bool kComparable = std::equality_comparable<T>;
template <class T> constexpr bool kComparable<std::vector<T>> = kComparable<T>;
template <class T> constexpr bool kComparable<std::optional<T>> = kComparable<T>;

// Base for every edit of one field, so that consecutive keystrokes in the same field merge
// into one undo step.
class FieldCommand : public QUndoCommand {
public:
    static constexpr int kId = 0x5071;
    FieldCommand(WorkspaceDocument* document, ItemRef ref, QString field, const QString& text)
        : QUndoCommand(text)
        , m_document(document)
        , m_ref(std::move(ref))
        , m_field(std::move(field)) {}
    int id() const override { return kId; }
    const ItemRef& ref() const { return m_ref; }
    const QString& field() const { return m_field; }

protected:
    WorkspaceDocument* m_document;
    ItemRef m_ref;
    QString m_field;
};

template <class V> class SetValueCommand : public FieldCommand {
public:
    using Setter = std::function<void(model::Workspace&, const V&)>;

    SetValueCommand(WorkspaceDocument* document, ItemRef ref, QString field, const QString& text,
                    V before, V after, Setter setter)
        : FieldCommand(document, std::move(ref), std::move(field), text)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_setter(std::move(setter)) {}

    void redo() override { apply(m_after); }
    void undo() override { apply(m_before); }

    bool mergeWith(const QUndoCommand* other) override {
        auto* next = dynamic_cast<const SetValueCommand<V>*>(other);
        if (!next || next->ref() != ref() || next->field() != field())
            return false;
        m_after = next->m_after;
        if constexpr (kComparable<V>) {
            if (m_after == m_before)
                setObsolete(true);
        }
        return true;
    }

private:
    void apply(const V& value);

    V m_before;
    V m_after;
    Setter m_setter;
};

} // namespace portico::ui
