#include "ui/editors/user_editor.h"

#include <QFormLayout>
#include <QStringList>

namespace portico::ui {

using model::User;

UserEditor::UserEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent)
    : Editor(context, ref, parent) {
    setObjectName(QStringLiteral("userEditor"));
    setHeader(tr("User · users/%1.yaml").arg(ref.id));
    QFormLayout* form = addForm(tr("Account"));
    bindText<User>(form, QStringLiteral("emailLineEdit"), tr("Email"), &User::email, checks::email);
    bindText<User>(form, QStringLiteral("firstNameLineEdit"), tr("First name"), &User::firstName);
    bindText<User>(form, QStringLiteral("lastNameLineEdit"), tr("Last name"), &User::lastName);
    QLineEdit* groups = bindText<User>(
        form, QStringLiteral("groupsLineEdit"), tr("Groups"),
        [](const User& u) {
            QStringList list;
            for (const auto& g : u.groups)
                list << QString::fromStdString(g);
            return list.join(QStringLiteral(", ")).toStdString();
        },
        [](User& u, const std::string& text) {
            u.groups.clear();
            for (const QString& g :
                 QString::fromStdString(text).split(QLatin1Char(','), Qt::SkipEmptyParts))
                if (!g.trimmed().isEmpty())
                    u.groups.push_back(g.trimmed().toStdString());
        });
    groups->setPlaceholderText(tr("developers, guests (comma-separated)"));
    bindChoice<User, std::string>(form, QStringLiteral("stateComboBox"), tr("State"), &User::state,
                                  {{tr("Active"), "active"}, {tr("Blocked"), "blocked"}});
    refresh();
}

} // namespace portico::ui
