#pragma once

#include "ui/workspace/item_ref.h"
#include "ui/workspace/set_value_command.h"

#include <QWidget>

#include <functional>
#include <string>

class QLabel;
class QPlainTextEdit;

namespace portico::ui {

class WorkspaceDocument;
class XmlHighlighter;

// Policy XML as text with highlighting and a live well-formedness check. The text editor's own
// undo is off: every change is a command on the workspace's undo stack.
class PolicyEditor : public QWidget {
    Q_OBJECT
public:
    using Getter = std::function<std::string(const model::Workspace&)>;
    using Setter = SetValueCommand<std::string>::Setter;

    PolicyEditor(WorkspaceDocument* document, ItemRef ref, Getter getter, Setter setter,
                 QWidget* parent = nullptr);

    // The first well-formedness error ("line:col: message"), empty when the XML is fine.
    QString xmlError() const { return m_xmlError; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    void onTextChanged();
    void check();

    WorkspaceDocument* m_document;
    ItemRef m_ref;
    Getter m_getter;
    Setter m_setter;
    QPlainTextEdit* m_textEdit;
    QLabel* m_statusLabel;
    XmlHighlighter* m_highlighter = nullptr;
    QString m_xmlError;
    bool m_updating = false;
};

} // namespace portico::ui
