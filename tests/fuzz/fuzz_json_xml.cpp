// libFuzzer target for the body conversions, which read untrusted bodies: json-to-xml (a JSON
// document into the order-keeping OrderedJson, then XML) and xml-to-json (the XML reader, then
// Json.NET's mapping). A third mode drives OrderedJson's object index with inserts and erases
// and aborts when it disagrees with std::map. The first byte picks the mode.

#include "core/policies/json_xml.h"
#include "core/policy/xml/xml_reader.h"
#include "core/text/json_text.h"
#include "core/text/ordered_json.h"

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

using portico::text::OrderedJson;

namespace {

void jsonToXml(std::string_view bytes) {
    const auto value = OrderedJson::parse(bytes, nullptr, false);
    if (value.is_discarded())
        return;
    (void)portico::policies::jsonToXml(value, {});
    (void)portico::policies::jsonToXml(value, {"$attributes"});
}

void xmlToJson(std::string_view bytes) {
    const auto read = portico::policy::xml::readXml(bytes);
    if (!read.ok())
        return;
    (void)portico::text::jsonText(portico::policies::xmlToJson(*read.root, {}));
    (void)portico::text::jsonText(portico::policies::xmlToJson(*read.root, {true, false}));
}

// Each byte is an operation on one of 64 short keys: insert (with the byte as value) or erase.
void objectIndex(std::string_view bytes) {
    OrderedJson object = OrderedJson::object();
    std::map<std::string, int> model;
    for (const unsigned char op : bytes) {
        const std::string key = "k" + std::to_string(op & 63);
        if (op & 64) {
            if (object.erase(key) != model.erase(key))
                std::abort();
        } else {
            const bool fresh = !object.contains(key);
            if (fresh != !model.contains(key))
                std::abort();
            object[key] = op;
            model[key] = op;
        }
    }
    if (object.size() != model.size())
        std::abort();
    for (const auto& [key, value] : model) {
        const auto found = object.find(key);
        if (found == object.end() || *found != value)
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
    case 0:
        jsonToXml(bytes);
        break;
    case 1:
        xmlToJson(bytes);
        break;
    default:
        objectIndex(bytes);
        break;
    }
    return 0;
}
