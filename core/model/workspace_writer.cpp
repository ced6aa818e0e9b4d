#include "core/model/workspace_writer.h"

#include "core/model/atomic_file.h"
#include "core/model/canonical_yaml.h"
#include "core/model/source_text.h"
#include "core/model/value_rules.h"

#include <algorithm>
#include <set>
#include <system_error>

namespace fs = std::filesystem;

namespace portico::model {

namespace {

template <typename T, typename IdOf>
std::vector<const T*> sortedById(const std::vector<T>& items, IdOf idOf) {
    std::vector<const T*> sorted;
    for (const auto& item : items)
        sorted.push_back(&item);
    std::sort(sorted.begin(), sorted.end(),
              [&](const T* a, const T* b) { return idOf(*a) < idOf(*b); });
    return sorted;
}

bool isSafeRelativePath(const std::string& value) {
    const fs::path path(value);
    if (value.empty() || !path.is_relative())
        return false;
    return std::none_of(path.begin(), path.end(), [](const fs::path& p) { return p == ".."; });
}

bool sameFolder(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (a.empty() || b.empty())
        return false;
    const bool same = fs::equivalent(a, b, ec);
    return !ec && same;
}

class Writer {
public:
    Writer(const Workspace& ws, fs::path root)
        : m_ws(ws)
        , m_root(std::move(root))
        , m_sameRoot(sameFolder(ws.root, m_root)) {}

    SaveResult run();

private:
    bool ok() const { return m_result.ok(); }
    bool checkIds();
    // Writes when the content differs from disk; `atLoad` lets an unchanged hand-written file be.
    void put(const std::string& relative, const std::string& content,
             const std::string* atLoad = nullptr);
    void removeFile(const std::string& relative);
    void removeFolder(const std::string& relative);
    // Deletes <folder>/<name><extension> files (or folders) whose name is not in `keep`.
    void prune(const std::string& folder, const std::set<std::string>& keep,
               std::string_view extension, bool folders);

    const Workspace& m_ws;
    fs::path m_root;
    bool m_sameRoot;
    SaveResult m_result;
};

bool Writer::checkIds() {
    auto check = [&](const std::string& kind, const std::string& id) {
        if (std::string problem = checkId(id); !problem.empty() && ok())
            m_result.error = "cannot save " + kind + " '" + id + "': " + problem;
    };
    for (const auto& a : m_ws.apis) {
        check("API", a.id);
        for (const auto& [operation, xml] : a.operationPolicies)
            check("operation", operation);
        if (!a.specificationFile.empty() && !isSafeRelativePath(a.specificationFile) && ok())
            m_result.error = "cannot save API '" + a.id + "': specification file '" +
                             a.specificationFile + "' is not a relative path inside its folder";
    }
    for (const auto& p : m_ws.products)
        check("product", p.id);
    for (const auto& s : m_ws.subscriptions)
        check("subscription", s.id);
    for (const auto& u : m_ws.users)
        check("user", u.id);
    for (const auto& n : m_ws.namedValues)
        check("named value", n.name);
    for (const auto& b : m_ws.backends)
        check("backend", b.id);
    for (const auto& c : m_ws.certificates)
        check("certificate", c.id);
    for (const auto& l : m_ws.loggers)
        check("logger", l.id);
    for (const auto& f : m_ws.fragments)
        check("fragment", f.id);
    if (!isSafeRelativePath(m_ws.globalPolicyFile) && ok())
        m_result.error = "cannot save: global policy file '" + m_ws.globalPolicyFile +
                         "' is not a relative path inside the workspace";
    return ok();
}

void Writer::put(const std::string& relative, const std::string& content,
                 const std::string* atLoad) {
    if (!ok())
        return;
    const fs::path file = m_root / relative;
    std::error_code ec;
    const bool exists = fs::is_regular_file(file, ec);
    if (m_sameRoot && exists && atLoad && !atLoad->empty() && *atLoad == content)
        return; // the entity is unchanged since load: keep its file as the author wrote it
    if (exists) {
        std::string error;
        if (auto current = readTextFile(file, error); current && *current == content)
            return;
    }
    if (std::string error = writeFileAtomically(file, content); !error.empty()) {
        m_result.error = error;
        return;
    }
    m_result.written.push_back(relative);
}

void Writer::removeFile(const std::string& relative) {
    if (!ok())
        return;
    std::error_code ec;
    if (!fs::is_regular_file(m_root / relative, ec))
        return;
    if (!fs::remove(m_root / relative, ec) || ec) {
        m_result.error = "cannot remove " + relative + ": " + ec.message();
        return;
    }
    m_result.removed.push_back(relative);
}

void Writer::removeFolder(const std::string& relative) {
    if (!ok())
        return;
    std::error_code ec;
    fs::remove_all(m_root / relative, ec);
    if (ec) {
        m_result.error = "cannot remove " + relative + ": " + ec.message();
        return;
    }
    m_result.removed.push_back(relative + "/");
}

void Writer::prune(const std::string& folder, const std::set<std::string>& keep,
                   std::string_view extension, bool folders) {
    std::error_code ec;
    if (!fs::is_directory(m_root / folder, ec))
        return;
    std::vector<fs::path> doomed;
    for (fs::directory_iterator it(m_root / folder, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& path = it->path();
        const std::string name = path.filename().string();
        if (name.empty() || name.front() == '.')
            continue;
        std::error_code typeEc;
        if (folders) {
            if (it->is_directory(typeEc) && !keep.count(name))
                doomed.push_back(path);
        } else if (it->is_regular_file(typeEc) && path.extension() == extension &&
                   !keep.count(path.stem().string())) {
            doomed.push_back(path);
        }
    }
    std::sort(doomed.begin(), doomed.end());
    for (const auto& path : doomed) {
        const std::string relative = folder + "/" + path.filename().string();
        folders ? removeFolder(relative) : removeFile(relative);
    }
}

SaveResult Writer::run() {
    if (!checkIds())
        return m_result;

    put("portico.yaml", canonicalWorkspaceYaml(m_ws), &m_ws.origin.canonicalAtLoad);
    if (m_ws.globalPolicyXml.empty())
        removeFile(m_ws.globalPolicyFile);
    else
        put(m_ws.globalPolicyFile, m_ws.globalPolicyXml);

    std::set<std::string> ids;
    for (const Api* api : sortedById(m_ws.apis, [](const Api& a) { return a.id; })) {
        const std::string folder = "apis/" + api->id;
        ids.insert(api->id);
        put(folder + "/api.yaml", canonicalApiYaml(*api), &api->origin.canonicalAtLoad);
        if (!api->specificationFile.empty() && !api->specificationText.empty())
            put(folder + "/" + api->specificationFile, api->specificationText);
        if (api->policyXml.empty())
            removeFile(folder + "/policy.xml");
        else
            put(folder + "/policy.xml", api->policyXml);
        std::set<std::string> operations;
        for (const auto& [operation, xml] : api->operationPolicies) {
            operations.insert(operation);
            put(folder + "/operations/" + operation + "/policy.xml", xml);
        }
        prune(folder + "/operations", operations, {}, true);
    }
    prune("apis", ids, {}, true);

    ids.clear();
    for (const Product* p : sortedById(m_ws.products, [](const Product& p) { return p.id; })) {
        const std::string folder = "products/" + p->id;
        ids.insert(p->id);
        put(folder + "/product.yaml", canonicalProductYaml(*p), &p->origin.canonicalAtLoad);
        if (p->policyXml.empty())
            removeFile(folder + "/policy.xml");
        else
            put(folder + "/policy.xml", p->policyXml);
    }
    prune("products", ids, {}, true);

    auto writeFiles = [&](const auto& items, const std::string& folder, auto idOf, auto render) {
        std::set<std::string> keep;
        for (const auto* item : sortedById(items, idOf)) {
            keep.insert(idOf(*item));
            put(folder + "/" + idOf(*item) + ".yaml", render(*item), &item->origin.canonicalAtLoad);
        }
        prune(folder, keep, ".yaml", false);
    };
    writeFiles(
        m_ws.subscriptions, "subscriptions", [](const Subscription& s) { return s.id; },
        canonicalSubscriptionYaml);
    writeFiles(
        m_ws.users, "users", [](const User& u) { return u.id; }, canonicalUserYaml);
    writeFiles(
        m_ws.namedValues, "named-values", [](const NamedValue& n) { return n.name; },
        canonicalNamedValueYaml);
    writeFiles(
        m_ws.backends, "backends", [](const Backend& b) { return b.id; }, canonicalBackendYaml);
    writeFiles(
        m_ws.certificates, "certificates", [](const Certificate& c) { return c.id; },
        canonicalCertificateYaml);
    writeFiles(
        m_ws.loggers, "loggers", [](const Logger& l) { return l.id; }, canonicalLoggerYaml);

    ids.clear();
    for (const Fragment* f : sortedById(m_ws.fragments, [](const Fragment& f) { return f.id; })) {
        ids.insert(f->id);
        put("fragments/" + f->id + ".xml", f->xml);
    }
    prune("fragments", ids, ".xml", false);
    return m_result;
}

} // namespace

SaveResult saveWorkspace(const Workspace& workspace, const std::filesystem::path& root) {
    return Writer(workspace, root).run();
}

} // namespace portico::model
