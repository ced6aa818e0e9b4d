#include "ui/workspace/workspace_document.h"

#include "core/model/workspace_loader.h"
#include "core/model/workspace_validator.h"
#include "core/model/workspace_writer.h"

#include <QDir>
#include <QFileInfo>

#include <filesystem>

namespace portico::ui {

namespace {
// Validation runs after a short pause so that typing stays fluid on big workspaces.
constexpr int kValidateDelayMs = 150;
} // namespace

WorkspaceDocument::WorkspaceDocument(QObject* parent)
    : QObject(parent)
    , m_undoStack(new QUndoStack(this)) {
    m_validateTimer.setSingleShot(true);
    m_validateTimer.setInterval(kValidateDelayMs);
    connect(&m_validateTimer, &QTimer::timeout, this, &WorkspaceDocument::revalidate);
    connect(m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT dirtyChanged(m_open && !clean); });
}

QString WorkspaceDocument::rootPath() const {
    return QString::fromStdString(m_workspace.root.string());
}

QString WorkspaceDocument::name() const {
    if (!m_workspace.name.empty())
        return QString::fromStdString(m_workspace.name);
    return QFileInfo(rootPath()).fileName();
}

QString WorkspaceDocument::open(const QString& directory) {
    const QFileInfo info(directory);
    if (!info.isDir())
        return tr("%1 is not a folder.").arg(QDir::toNativeSeparators(directory));
    if (!QFileInfo::exists(QDir(directory).filePath(QStringLiteral("portico.yaml"))))
        return tr("%1 is not a Portico workspace: it has no portico.yaml.")
            .arg(QDir::toNativeSeparators(directory));

    auto result = model::loadWorkspace(std::filesystem::path(directory.toStdString()));
    result.workspace.root = std::filesystem::path(info.absoluteFilePath().toStdString());
    // loadWorkspace already ran the validator; keep only the load problems apart from it.
    model::DiagnosticList validation;
    model::validateWorkspace(result.workspace, validation);
    model::DiagnosticList loadOnly;
    for (const auto& d : result.diagnostics.items()) {
        const bool fromValidator =
            std::any_of(validation.items().begin(), validation.items().end(), [&](const auto& v) {
                return v.code == d.code && v.message == d.message && v.where.file == d.where.file &&
                       v.where.line == d.where.line;
            });
        if (!fromValidator)
            loadOnly.add(d);
    }
    setWorkspace(std::move(result.workspace), std::move(loadOnly));
    return {};
}

QString WorkspaceDocument::save() {
    if (!m_open)
        return tr("No workspace is open.");
    const auto result = model::saveWorkspace(m_workspace, m_workspace.root);
    if (!result.ok())
        return QString::fromStdString(result.error);
    m_undoStack->setClean();
    return {};
}

QString WorkspaceDocument::createEmpty(const QString& directory) {
    QDir dir(directory);
    if (!dir.exists() && !QDir().mkpath(directory))
        return tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(directory));
    if (!dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty())
        return tr("%1 is not empty; choose an empty folder for a new workspace.")
            .arg(QDir::toNativeSeparators(directory));

    model::Workspace workspace;
    workspace.root = std::filesystem::path(QFileInfo(directory).absoluteFilePath().toStdString());
    workspace.name = QFileInfo(directory).fileName().toStdString();
    const auto result = model::saveWorkspace(workspace, workspace.root);
    if (!result.ok())
        return QString::fromStdString(result.error);
    setWorkspace(std::move(workspace));
    return {};
}

void WorkspaceDocument::setWorkspace(model::Workspace workspace,
                                     model::DiagnosticList loadDiagnostics) {
    const bool wasDirty = isDirty();
    m_workspace = std::move(workspace);
    m_loadDiagnostics = std::move(loadDiagnostics);
    m_open = true;
    m_undoStack->clear();
    m_undoStack->setClean();
    Q_EMIT workspaceReset();
    revalidate();
    if (wasDirty)
        Q_EMIT dirtyChanged(false);
}

void WorkspaceDocument::close() {
    const bool wasDirty = isDirty();
    m_open = false;
    m_workspace = {};
    m_loadDiagnostics = {};
    m_diagnostics = {};
    m_undoStack->clear();
    Q_EMIT workspaceReset();
    Q_EMIT diagnosticsChanged();
    if (wasDirty)
        Q_EMIT dirtyChanged(false);
}

void WorkspaceDocument::notifyItemChanged(const ItemRef& ref) {
    Q_EMIT itemChanged(ref);
    m_validateTimer.start();
}

void WorkspaceDocument::notifyStructureChanged() {
    Q_EMIT structureChanged();
    m_validateTimer.start();
}

void WorkspaceDocument::revalidate() {
    m_validateTimer.stop();
    model::DiagnosticList diagnostics;
    if (m_open) {
        diagnostics.append(m_loadDiagnostics);
        model::validateWorkspace(m_workspace, diagnostics);
        diagnostics.sortByLocation();
    }
    m_diagnostics = std::move(diagnostics);
    Q_EMIT diagnosticsChanged();
}

} // namespace portico::ui
