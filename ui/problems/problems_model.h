#pragma once

#include "ui/workspace/item_ref.h"

#include <QAbstractTableModel>

namespace portico::ui {

class WorkspaceDocument;

// The workspace diagnostics as a table: severity, code, message, location.
class ProblemsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityColumn, CodeColumn, MessageColumn, LocationColumn, ColumnCount };
    enum Role { ItemRefRole = Qt::UserRole + 1, LineRole };

    explicit ProblemsModel(WorkspaceDocument* document, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    ItemRef itemAt(int row) const;
    // The file (relative to the workspace) and 1-based line of a row's diagnostic.
    QString fileAt(int row) const;
    int lineAt(int row) const;

private:
    WorkspaceDocument* m_document;
};

} // namespace portico::ui
