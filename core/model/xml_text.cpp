#include "core/model/xml_text.h"

#include <cctype>
#include <utility>

namespace portico::model {

namespace {
bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}
// Where <set-body template="liquid"> bodies are: their {{ }} are Liquid output, not named values.
std::vector<std::pair<std::size_t, std::size_t>> liquidBodies(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    std::size_t i = 0;
    while ((i = text.find("<set-body", i)) != std::string_view::npos) {
        const std::size_t tagEnd = text.find('>', i);
        if (tagEnd == std::string_view::npos)
            break;
        const std::string_view tag = text.substr(i, tagEnd - i);
        const bool liquid = tag.find("template=\"liquid\"") != std::string_view::npos ||
                            tag.find("template='liquid'") != std::string_view::npos;
        const std::size_t close = text.find("</set-body", tagEnd);
        if (liquid && text[tagEnd - 1] != '/')
            ranges.emplace_back(tagEnd, close == std::string_view::npos ? text.size() : close);
        i = tagEnd;
    }
    return ranges;
}
} // namespace

std::optional<XmlRoot> findRootElement(std::string_view xml) {
    std::size_t i = 0;
    if (xml.substr(0, 3) == "\xEF\xBB\xBF")
        i = 3;
    while (i < xml.size()) {
        const std::size_t lt = xml.find('<', i);
        if (lt == std::string_view::npos)
            return std::nullopt;
        const std::string_view rest = xml.substr(lt);
        std::string_view closer;
        if (rest.substr(0, 4) == "<!--")
            closer = "-->";
        else if (rest.substr(0, 2) == "<?" || rest.substr(0, 2) == "<!")
            closer = ">";
        if (!closer.empty()) {
            const std::size_t end = xml.find(closer, lt + 2);
            if (end == std::string_view::npos)
                return std::nullopt;
            i = end + closer.size();
            continue;
        }
        std::size_t end = lt + 1;
        while (end < xml.size() && isNameChar(xml[end]))
            ++end;
        if (end == lt + 1)
            return std::nullopt;
        return XmlRoot{std::string(xml.substr(lt + 1, end - lt - 1)), lt};
    }
    return std::nullopt;
}

std::vector<NamedValueUse> findNamedValueUses(std::string_view text) {
    std::vector<NamedValueUse> uses;
    const auto liquid = liquidBodies(text);
    std::size_t i = 0;
    while ((i = text.find("{{", i)) != std::string_view::npos) {
        bool inLiquid = false;
        for (const auto& [from, to] : liquid) {
            if (i >= from && i < to) {
                inLiquid = true;
                i = to;
            }
        }
        if (inLiquid)
            continue;
        const std::size_t close = text.find("}}", i + 2);
        if (close == std::string_view::npos)
            break;
        const std::string_view inner = text.substr(i + 2, close - i - 2);
        // A newline or a nested "{{" means this was not a reference.
        if (inner.find('\n') == std::string_view::npos &&
            inner.find("{{") == std::string_view::npos && !trim(inner).empty())
            uses.push_back({std::string(trim(inner)), i});
        i = close + 2;
    }
    return uses;
}

} // namespace portico::model
