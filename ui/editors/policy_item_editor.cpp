#include "ui/editors/policy_item_editor.h"

#include "ui/policy/policy_editor.h"

#include <QVBoxLayout>

namespace portico::ui {

PolicyItemEditor::PolicyItemEditor(const EditorContext& context, const ItemRef& ref,
                                   QWidget* parent)
    : Editor(context, ref, parent) {
    setObjectName(QStringLiteral("policyItemEditor"));
    PolicyEditor::Getter get;
    PolicyEditor::Setter set;
    if (ref.kind == ItemKind::GlobalPolicy) {
        setHeader(tr("Global policy · %1")
                      .arg(QString::fromStdString(context.document->workspace().globalPolicyFile)));
        get = [](const model::Workspace& ws) { return ws.globalPolicyXml; };
        set = [](model::Workspace& ws, const std::string& xml) { ws.globalPolicyXml = xml; };
    } else {
        setHeader(tr("Policy fragment · fragments/%1.xml").arg(ref.id));
        const QString id = ref.id;
        get = [id](const model::Workspace& ws) {
            const auto* f = findEntity<model::Fragment>(ws, id);
            return f ? f->xml : std::string();
        };
        set = [id](model::Workspace& ws, const std::string& xml) {
            if (auto* f = findEntity<model::Fragment>(ws, id))
                f->xml = xml;
        };
    }
    body()->addWidget(new PolicyEditor(context.document, ref, get, set, this), 1);
    refresh();
}

} // namespace portico::ui
