// System.Text.StringBuilder: the one mutable string policies build canonical texts and
// signatures with. Every instance belongs to its evaluation (never cached, never shared).
#include "core/policy/expr/members.h"

namespace portico::policy::expr {

namespace {

struct Builder {
    std::string text;
};

Builder& builderOf(const Value& v) {
    // The instance is the evaluation's own; members mutate it as .NET's do.
    return *const_cast<Builder*>(static_cast<const Builder*>(v.asObject().raw));
}

Value append(Eval& eval, const Value& self, std::string_view more) {
    eval.charge(more.size());
    builderOf(self).text.append(more);
    return self; // Append returns the builder, so calls chain
}

std::size_t argumentIndex(const Value& v, const char* what, std::size_t limit) {
    const std::int64_t i = expectInt(v, what);
    if (i < 0 || std::uint64_t(i) > limit)
        raise("ArgumentOutOfRangeException",
              std::string("Index was out of range. Must be non-negative and less than or equal "
                          "to the size of the collection. (Parameter '") +
                  what + "')");
    return std::size_t(i);
}

Value construct(Eval& eval, const Value&, Args& args, Target) {
    auto owned = std::make_shared<Builder>();
    if (!args.empty() && args[0].type() == Ty::String) {
        eval.charge(args[0].asString().size());
        owned->text = args[0].asString();
    } else if (!args.empty() && expectInt(args[0], "capacity") < 0) {
        raise("ArgumentOutOfRangeException",
              "'capacity' must be greater than zero. (Parameter 'capacity')");
    }
    eval.charge(sizeof(Builder));
    ObjectRef ref;
    ref.raw = owned.get();
    ref.owned = std::move(owned);
    return Value::object(Ty::StringBuilder, std::move(ref));
}

Value appendValue(Eval& eval, const Value& self, Args& args, Target) {
    if (args.size() == 2) { // Append(char, repeatCount)
        const std::int64_t count = expectInt(args[1], "repeatCount");
        if (count < 0)
            raise("ArgumentOutOfRangeException",
                  "Count cannot be less than zero. (Parameter 'repeatCount')");
        eval.charge(std::uint64_t(count));
        return append(eval, self, std::string(std::size_t(count), toDisplayString(args[0])[0]));
    }
    return append(eval, self, toDisplayString(args[0]));
}

// Environment.NewLine of APIM's managed gateways, which run on Windows.
Value appendLine(Eval& eval, const Value& self, Args& args, Target) {
    const std::string line = (args.empty() ? std::string() : toDisplayString(args[0])) + "\r\n";
    return append(eval, self, line);
}

Value appendFormat(Eval& eval, const Value& self, Args& args, Target) {
    const Value text = compose(eval, expectString(args[0], "format"), args, 1);
    return append(eval, self, text.asString());
}

Value insert(Eval& eval, const Value& self, Args& args, Target) {
    std::string& text = builderOf(self).text;
    const std::size_t at = argumentIndex(args[0], "index", text.size());
    const std::string more = toDisplayString(args[1]);
    eval.charge(more.size());
    text.insert(at, more);
    return self;
}

Value remove(Eval&, const Value& self, Args& args, Target) {
    std::string& text = builderOf(self).text;
    const std::int64_t start = expectInt(args[0], "startIndex");
    const std::int64_t length = expectInt(args[1], "length");
    if (!rangeFits(start, length, text.size()))
        raise("ArgumentOutOfRangeException",
              "Index was out of range. Must be non-negative and less than the size of the "
              "collection. (Parameter 'startIndex')");
    text.erase(std::size_t(start), std::size_t(length));
    return self;
}

Value replace(Eval& eval, const Value& self, Args& args, Target) {
    std::string& text = builderOf(self).text;
    const std::string from = toDisplayString(args[0]);
    const std::string to = toDisplayString(args[1]);
    if (from.empty())
        raise("ArgumentException", "The value cannot be an empty string. (Parameter 'oldValue')");
    std::string out;
    for (std::size_t at = 0;;) {
        eval.step();
        const std::size_t found = text.find(from, at);
        out.append(text, at, found == std::string::npos ? std::string::npos : found - at);
        if (found == std::string::npos)
            break;
        eval.charge(to.size());
        out += to;
        at = found + from.size();
    }
    text = std::move(out);
    return self;
}

Value clear(Eval&, const Value& self, Args&, Target) {
    builderOf(self).text.clear();
    return self;
}

Value length(Eval&, const Value& self, Args&, Target) {
    return Value::integer(std::int64_t(builderOf(self).text.size()));
}

Value toText(Eval& eval, const Value& self, Args& args, Target) {
    const std::string& text = builderOf(self).text;
    if (args.empty())
        return makeString(eval, text);
    const std::int64_t start = expectInt(args[0], "startIndex");
    const std::int64_t count = expectInt(args[1], "length");
    if (!rangeFits(start, count, text.size()))
        raise("ArgumentOutOfRangeException",
              "Index and length must refer to a location within the string. (Parameter "
              "'length')");
    return makeString(eval, text.substr(std::size_t(start), std::size_t(count)));
}

} // namespace

std::string stringBuilderText(const Value& builder) {
    return builderOf(builder).text;
}

void addStringBuilderMembers(std::vector<MemberDef>& t, std::vector<ConstructorDef>& ctors) {
    ctors.push_back({"StringBuilder", 0, 1, construct, Ty::StringBuilder});
    t.push_back({Ty::StringBuilder, {}, "Append", true, 1, 2, appendValue, Ty::StringBuilder});
    t.push_back({Ty::StringBuilder, {}, "AppendLine", true, 0, 1, appendLine, Ty::StringBuilder});
    t.push_back(
        {Ty::StringBuilder, {}, "AppendFormat", true, 1, 64, appendFormat, Ty::StringBuilder});
    t.push_back({Ty::StringBuilder, {}, "Insert", true, 2, 2, insert, Ty::StringBuilder});
    t.push_back({Ty::StringBuilder, {}, "Remove", true, 2, 2, remove, Ty::StringBuilder});
    t.push_back({Ty::StringBuilder, {}, "Replace", true, 2, 2, replace, Ty::StringBuilder});
    t.push_back({Ty::StringBuilder, {}, "Clear", true, 0, 0, clear, Ty::StringBuilder});
    t.push_back({Ty::StringBuilder, {}, "Length", false, 0, 0, length, Ty::Int});
    t.push_back({Ty::StringBuilder, {}, "ToString", true, 0, 2, toText, Ty::String});
}

} // namespace portico::policy::expr
