#pragma once

#include "ui/workspace/item_ref.h"
#include "ui/workspace/workspace_document.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QWidget>

#include <functional>
#include <utility>
#include <vector>

class QFormLayout;
class QLabel;
class QVBoxLayout;

namespace portico::ui {

class SecretStore;

struct EditorContext {
    WorkspaceDocument* document = nullptr;
    SecretStore* secrets = nullptr;
};

// Base of every editor: a header, a body of forms bound to one item, and a strip listing the
// workspace diagnostics of that item. Bound fields refresh themselves when the item changes
// (edits, undo, redo), and every user edit becomes an undo command.
class Editor : public QWidget {
    Q_OBJECT
public:
    Editor(const EditorContext& context, ItemRef ref, QWidget* parent = nullptr);

    const ItemRef& ref() const { return m_ref; }
    // Shows and focuses the control for a workspace-file key ("displayName", "apis", ...).
    // Returns it, or null when this editor has none.
    QWidget* focusField(const QString& key);
    // Re-reads every bound field from the model. Subclasses call it at the end of their
    // constructor.
    void refresh();

protected:
    // Returns an error message, or an empty string when the value is fine.
    using Check = std::function<QString(const QString&)>;

    // Adds the header; call once from the subclass constructor before building forms.
    void setHeader(const QString& subtitle);
    QVBoxLayout* body() const { return m_body; }
    QFormLayout* addForm(const QString& title = {}, QVBoxLayout* into = nullptr);
    void addRefresher(std::function<void()> refresher) {
        m_refreshers.push_back(std::move(refresher));
    }
    // Marks a field as valid or not, with the reason as tooltip and accessible description.
    static void showCheck(QLineEdit* lineEdit, const QString& error);

    template <class E>
    QLineEdit* bindText(QFormLayout* form, const QString& objectName, const QString& label,
                        std::function<std::string(const E&)> get,
                        std::function<void(E&, const std::string&)> set, Check check = {}) {
        auto* lineEdit = newLineEdit(form, objectName, label);
        addRefresher([this, lineEdit, get, check] {
            // The field being typed in keeps its text: the model may hold it in another shape
            // ("a, b," is stored as two groups).
            const E* e = findEntity<E>(m_context.document->workspace(), m_ref.id);
            if (e && m_typingIn != lineEdit) {
                const QString value = QString::fromStdString(get(*e));
                if (lineEdit->text() != value)
                    lineEdit->setText(value);
            }
            if (check)
                showCheck(lineEdit, check(lineEdit->text()));
        });
        connect(lineEdit, &QLineEdit::textEdited, this,
                [this, lineEdit, get, set, label, objectName, check](const QString& text) {
                    if (check)
                        showCheck(lineEdit, check(text));
                    m_typingIn = lineEdit;
                    setField<E, std::string>(objectName, editText(label), get, text.toStdString(),
                                             set);
                    m_typingIn = nullptr;
                });
        return lineEdit;
    }

    template <class E>
    QLineEdit* bindText(QFormLayout* form, const QString& objectName, const QString& label,
                        std::string E::*member, Check check = {}) {
        return bindText<E>(
            form, objectName, label, [member](const E& e) { return e.*member; },
            [member](E& e, const std::string& v) { e.*member = v; }, std::move(check));
    }

    // Pushes one undoable change of this editor's entity.
    template <class E, class V>
    void setField(const QString& field, const QString& text, const std::function<V(const E&)>& get,
                  V value, std::function<void(E&, const V&)> set) {
        const E* e = findEntity<E>(m_context.document->workspace(), m_ref.id);
        if (!e)
            return;
        const QString id = m_ref.id;
        m_context.document->setValue<V>(m_ref, field, text, get(*e), std::move(value),
                                        [id, set](model::Workspace& ws, const V& v) {
                                            if (E* target = findEntity<E>(ws, id))
                                                set(*target, v);
                                        });
    }

    template <class E>
    QCheckBox* bindCheck(QFormLayout* form, const QString& objectName, const QString& text,
                         bool E::*member);

    template <class E, class V>
    QComboBox* bindChoice(QFormLayout* form, const QString& objectName, const QString& label,
                          V E::*member, std::vector<std::pair<QString, V>> choices) {
        auto* combo = newComboBox(form, objectName, label);
        for (std::size_t i = 0; i < choices.size(); ++i)
            combo->addItem(choices[i].first, static_cast<int>(i));
        addRefresher([this, combo, member, choices] {
            if (const E* e = findEntity<E>(m_context.document->workspace(), m_ref.id))
                for (std::size_t i = 0; i < choices.size(); ++i)
                    if (choices[i].second == e->*member)
                        combo->setCurrentIndex(static_cast<int>(i));
        });
        connect(combo, &QComboBox::activated, this,
                [this, member, choices, objectName, label](int index) {
                    if (index < 0 || index >= static_cast<int>(choices.size()))
                        return;
                    m_context.document->setMember<E>(
                        m_ref, member, choices[static_cast<std::size_t>(index)].second, objectName,
                        changeText(label));
                });
        return combo;
    }

    // Undo command texts ("Edit Display name"), kept out of the templates so that lupdate
    // files them under Editor.
    static QString editText(const QString& label);
    static QString changeText(const QString& label);
    // A form label sized like the others, for rows built by hand.
    QLabel* formLabel(const QString& text, QWidget* buddy = nullptr);
    QLineEdit* newLineEdit(QFormLayout* form, const QString& objectName, const QString& label);
    QComboBox* newComboBox(QFormLayout* form, const QString& objectName, const QString& label);
    QCheckBox* newCheckBox(QFormLayout* form, const QString& objectName, const QString& text);
    QLineEdit* newReadOnly(QFormLayout* form, const QString& objectName, const QString& label,
                           const QString& value);

    EditorContext m_context;
    ItemRef m_ref;
    const QObject* m_typingIn = nullptr;

private:
    void updateProblems();

    QVBoxLayout* m_body;
    QLabel* m_problemsLabel;
    std::vector<std::function<void()>> m_refreshers;
};

template <class E>
QCheckBox* Editor::bindCheck(QFormLayout* form, const QString& objectName, const QString& text,
                             bool E::*member) {
    QCheckBox* checkBox = newCheckBox(form, objectName, text);
    addRefresher([this, checkBox, member] {
        if (const E* e = findEntity<E>(m_context.document->workspace(), m_ref.id))
            checkBox->setChecked(e->*member);
    });
    connect(checkBox, &QCheckBox::clicked, this, [this, member, objectName, text](bool checked) {
        m_context.document->setMember<E>(m_ref, member, checked, objectName, changeText(text));
    });
    return checkBox;
}

// Field checks shared by the editors.
namespace checks {
QString required(const QString& value);
QString url(const QString& value);
QString optionalUrl(const QString& value);
QString apiPath(const QString& value);
QString email(const QString& value);
QString headerName(const QString& value);
} // namespace checks

} // namespace portico::ui
