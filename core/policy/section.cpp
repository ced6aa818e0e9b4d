#include "core/policy/section.h"

namespace portico::policy {

std::string_view sectionName(Section section) {
    switch (section) {
    case Section::Inbound:
        return "inbound";
    case Section::Backend:
        return "backend";
    case Section::Outbound:
        return "outbound";
    case Section::OnError:
        return "on-error";
    }
    return "";
}

std::optional<Section> sectionFromName(std::string_view name) {
    for (Section s : kAllSections) {
        if (sectionName(s) == name)
            return s;
    }
    return std::nullopt;
}

std::string_view scopeName(Scope scope) {
    switch (scope) {
    case Scope::Global:
        return "global";
    case Scope::Product:
        return "product";
    case Scope::Api:
        return "api";
    case Scope::Operation:
        return "operation";
    case Scope::Fragment:
        return "fragment";
    }
    return "";
}

} // namespace portico::policy
