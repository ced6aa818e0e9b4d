#pragma once

#include "ui/editors/editor.h"

class QTableWidget;

namespace portico::ui {

// An API's settings (name, path, backend, protocols, versioning, subscription, OAuth scopes)
// and its policy.
class ApiEditor : public Editor {
    Q_OBJECT
public:
    ApiEditor(const EditorContext& context, const ItemRef& ref, QWidget* parent = nullptr);

private:
    QWidget* buildSettings();
    void buildScopes(QWidget* page, class QVBoxLayout* layout);
    void writeScopes(const QString& text);

    QTableWidget* m_scopesTable = nullptr;
    bool m_fillingScopes = false;
};

} // namespace portico::ui
