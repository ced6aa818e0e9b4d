#pragma once

#include "core/policy/expr/runtime.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::policy::expr {

using Args = std::vector<Value>;
using MemberFn = Value (*)(Eval& eval, const Value& self, Args& args, Target generic);

// One entry of the allow-list. Instance members have `owner` empty and a receiver type; static
// members name their class in `owner` (canonical spelling, e.g. "string", "Math").
struct MemberDef {
    Ty receiver = Ty::Unknown;
    std::string_view owner;
    std::string_view name;
    bool method = false;
    int minArgs = 0;
    int maxArgs = 0;
    MemberFn fn = nullptr;
    Ty result = Ty::Unknown;
    int outArg = -1;       // index of the `out` argument, if any
    bool generic = false;  // takes one type argument: GetValueOrDefault<T>, As<T>, Value<T>
    bool constant = false; // an enum member such as StringComparison.Ordinal
    std::int64_t value = 0;
};

inline MemberDef enumConstant(std::string_view owner, std::string_view name, std::int64_t value) {
    MemberDef d;
    d.owner = owner;
    d.name = name;
    d.result = Ty::Int;
    d.constant = true;
    d.value = value;
    return d;
}

// Constructors allowed with `new`.
struct ConstructorDef {
    std::string_view type;
    int minArgs = 0;
    int maxArgs = 0;
    MemberFn fn = nullptr;
    Ty result = Ty::Unknown;
};

const std::vector<MemberDef>& memberTable();
const std::vector<ConstructorDef>& constructorTable();

// A type name without the namespace APIM's allowed types live in: "System.Net.WebUtility" ->
// "WebUtility", "Newtonsoft.Json.Linq.JObject" -> "JObject". Unknown namespaces stay.
std::string_view withoutNamespace(std::string_view name);

// "String" -> "string", "Int32" -> "int", "Regex" -> "Regex", also namespace-qualified; empty
// when not an allowed class.
std::string_view canonicalStaticClass(std::string_view name);

// The target of a type name in casts, generics, `is`, `as`, declarations; None if not allowed.
Target targetFromTypeName(std::string_view name, bool array);
Ty tyOfTarget(Target target);

// Which dictionary a StringMap value is (ObjectRef::sub).
enum class MapKind {
    RequestHeaders,
    ResponseHeaders,
    MatchedParameters,
    Claims,
    OwnedHeaders, // a send-request response's headers, in ObjectRef::raw
    UrlQuery,     // the query of the UrlInfo in ObjectRef::raw
    Form,         // a form body's fields (AsFormUrlEncodedContent), FormFields in ObjectRef::raw
};

// The fields of an application/x-www-form-urlencoded body, decoded, in body order.
struct FormFields {
    std::vector<std::pair<std::string, std::string>> fields;
};
FormFields parseFormFields(std::string_view body);

// Text with each ill-formed UTF-8 sequence replaced by U+FFFD (Encoding.UTF8.GetString).
std::string wellFormedUtf8(std::string_view bytes);
// Every character outside ASCII as '?' (Encoding.ASCII).
std::string asciiOnly(std::string_view text);

// WebUtility.UrlDecode: '+' is a space, %XX a byte, ill-formed UTF-8 becomes U+FFFD.
std::string urlDecode(std::string_view text);

// Values of a dictionary entry; nullopt when the key is absent. Claims maps keep their JSON
// object in ObjectRef::raw.
std::optional<std::vector<std::string>> mapLookup(Eval& eval, const Value& map,
                                                  const std::string& key);
Value makeMap(MapKind kind, const void* raw = nullptr, std::shared_ptr<const void> owned = {});
// A dictionary's entries in order, one KeyValuePair per name (`foreach`, LINQ, `Keys`).
std::vector<Value> mapEntries(Eval& eval, const Value& map);
void addMapEntryMembers(std::vector<MemberDef>& table);
void addStringBuilderMembers(std::vector<MemberDef>& table,
                             std::vector<ConstructorDef>& constructors);
// A StringBuilder's text (ToString, concatenation).
std::string stringBuilderText(const Value& builder);
// string.Format's composite formatting of args[first...] (also StringBuilder.AppendFormat).
Value compose(Eval& eval, const std::string& format, const Args& args, std::size_t first);
// What a KeyValuePair's ToString() gives: "[Accept, System.String[]]".
std::string keyValueText(const Value& entry);
// JWT claims in the token's order, each claim's values as text.
std::vector<std::pair<std::string, std::vector<std::string>>> claimEntries(const void* raw);

// Indexers: string[int], list[int], JToken[string|int], dictionaries[string].
Value indexValue(Eval& eval, const Value& target, const Value& index);
void assignIndex(Eval& eval, const Value& target, const Value& index, const Value& value);
bool isIndexable(Ty ty);

void addDotnetMembers(std::vector<MemberDef>& table, std::vector<ConstructorDef>& constructors);
void addJsonMembers(std::vector<MemberDef>& table, std::vector<ConstructorDef>& constructors);
void addContextMembers(std::vector<MemberDef>& table);
void addRegexMembers(std::vector<MemberDef>& table);
void addRandomMembers(std::vector<MemberDef>& table, std::vector<ConstructorDef>& constructors);
void addArrayMembers(std::vector<MemberDef>& table);
void addDateTimeOffsetMembers(std::vector<MemberDef>& table,
                              std::vector<ConstructorDef>& constructors);
void addEncodingMembers(std::vector<MemberDef>& table);
void addCryptoMembers(std::vector<MemberDef>& table, std::vector<ConstructorDef>& constructors);

// Match.Groups[index]: by number, by name, or by a number written as text; a group that is not
// there is one that did not succeed, as in .NET.
Value regexGroup(const Value& groups, const Value& index);

// Regex inputs longer than this are refused: std::regex cannot be interrupted, so its running
// time is bounded by bounding what it runs on.
constexpr std::size_t kMaxRegexInput = 4096;
constexpr std::size_t kMaxRegexPattern = 512;

} // namespace portico::policy::expr

namespace portico::policy::expr {

// Composite formatting of one value with a .NET format spec ("D4", "F2", "X", "yyyy-MM-dd").
std::string formatWithSpec(const Value& value, std::string_view spec);

#define PORTICO_EXPR_FN                                                                            \
    []([[maybe_unused]] Eval & eval, [[maybe_unused]] const Value& self,                           \
       [[maybe_unused]] Args& args, [[maybe_unused]] Target generic) -> Value

} // namespace portico::policy::expr
