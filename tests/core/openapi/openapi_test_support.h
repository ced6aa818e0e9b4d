#pragma once

#include "core/openapi/import.h"

#include <QString>
#include <QTest>

#include <algorithm>
#include <string>

namespace openapi_test {

struct Loaded {
    std::optional<portico::openapi::Specification> spec;
    portico::model::DiagnosticList diagnostics;
};

inline Loaded load(const std::string& name) {
    Loaded loaded;
    loaded.spec = portico::openapi::loadSpecification(std::string(PORTICO_TEST_DATA) + "/" + name,
                                                      loaded.diagnostics);
    return loaded;
}

inline Loaded parse(const std::string& text, const std::string& fileName = "inline.yaml") {
    Loaded loaded;
    loaded.spec = portico::openapi::parseSpecification(text, fileName, loaded.diagnostics);
    return loaded;
}

inline const portico::model::Diagnostic* find(const portico::model::DiagnosticList& list,
                                              const std::string& code) {
    auto it = std::find_if(list.items().begin(), list.items().end(),
                           [&](const auto& d) { return d.code == code; });
    return it == list.items().end() ? nullptr : &*it;
}

inline QString dump(const portico::model::DiagnosticList& list) {
    QString out;
    for (const auto& d : list.items())
        out += QString::fromStdString(d.toString()) + QLatin1Char('\n');
    return out;
}

inline QString q(const std::string& text) {
    return QString::fromStdString(text);
}

} // namespace openapi_test
