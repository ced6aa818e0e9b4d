// System.Text.RegularExpressions as APIM allows it: Regex.IsMatch, Match, Matches, Replace,
// Escape; Match and Group with Success, Value, Index, Length; Groups by number or by name.
// std::regex runs the ECMAScript flavour; .NET's named groups are translated (regex_pattern.h).
#include "core/policy/expr/members.h"
#include "core/policy/expr/regex_pattern.h"

#include <list>
#include <memory>
#include <regex>

namespace portico::policy::expr {

#define FN PORTICO_EXPR_FN

namespace {

struct CompiledRegex {
    std::shared_ptr<const RegexPattern> pattern;
    std::regex regex;
};

// Cached per thread by pattern and options, so no pattern is compiled per request.
const CompiledRegex& compiledRegex(Eval& eval, const Args& args, std::size_t optionsAt) {
    const std::string& pattern = expectString(args[1], "pattern");
    const std::int64_t options =
        args.size() > optionsAt ? expectInt(args[optionsAt], "options") : 0;
    if (pattern.size() > kMaxRegexPattern)
        raise("ArgumentException", "The regular expression pattern is longer than " +
                                       std::to_string(kMaxRegexPattern) + " characters.");
    struct Entry {
        std::string pattern;
        std::int64_t options;
        CompiledRegex compiled;
    };
    thread_local std::list<Entry> cache;
    for (auto it = cache.begin(); it != cache.end(); ++it) {
        if (it->pattern == pattern && it->options == options) {
            cache.splice(cache.begin(), cache, it);
            return cache.front().compiled;
        }
    }
    eval.charge(pattern.size() * 64);
    RegexPatternResult translated = translateRegexPattern(pattern);
    if (!translated.pattern)
        raise("ArgumentException", "Invalid pattern '" + pattern + "': " + translated.error);
    auto flags = std::regex::ECMAScript;
    if (options & 1)
        flags |= std::regex::icase;
    try {
        auto shared = std::make_shared<const RegexPattern>(std::move(*translated.pattern));
        std::regex regex(shared->ecmascript, flags);
        cache.push_front({pattern, options, {std::move(shared), std::move(regex)}});
    } catch (const std::regex_error& e) {
        raise("ArgumentException", "Invalid pattern '" + pattern + "': " + e.what());
    }
    if (cache.size() > 64)
        cache.pop_back();
    return cache.front().compiled;
}

const std::string& regexInput(Eval& eval, const Value& v) {
    const std::string& s = expectString(v, "input");
    if (s.size() > kMaxRegexInput)
        raise("RegexMatchTimeoutException",
              "The regular expression input is longer than " + std::to_string(kMaxRegexInput) +
                  " characters; Portico refuses it instead of risking a runaway match.");
    eval.steps += s.size() / 16;
    eval.step();
    return s;
}

template <typename F> auto guardedRegex(F&& f) {
    try {
        return f();
    } catch (const std::regex_error& e) {
        raise("RegexMatchTimeoutException",
              std::string("The regular expression gave up: ") + e.what());
    }
}

struct Capture {
    bool success = false;
    std::string value;
    std::int64_t index = 0;
};

// A match, its groups in .NET's numbering (0 is the match itself), and the names to find them.
struct MatchData {
    std::vector<Capture> groups;
    std::shared_ptr<const RegexPattern> pattern;
};

// A Match value is a MatchData and the number of the group it stands for (ObjectRef::sub).
Value matchValue(std::shared_ptr<const MatchData> data, Ty ty, int group) {
    ObjectRef ref;
    ref.raw = data.get();
    ref.owned = std::move(data);
    ref.sub = group;
    return Value::object(ty, std::move(ref));
}

const MatchData& matchOf(const Value& v) {
    return *static_cast<const MatchData*>(v.asObject().raw);
}

const Capture& captureOf(const Value& v) {
    static const Capture kFailed;
    const MatchData& data = matchOf(v);
    const auto group = std::size_t(v.asObject().sub);
    return group < data.groups.size() ? data.groups[group] : kFailed;
}

Value makeMatch(Eval& eval, const std::smatch& m, const CompiledRegex& compiled) {
    auto data = std::make_shared<MatchData>();
    data->pattern = compiled.pattern;
    std::size_t bytes = 64;
    if (!m.empty()) {
        for (std::size_t ecmascript : compiled.pattern->ecmascriptGroup) {
            const auto& group = m[ecmascript];
            data->groups.push_back({group.matched, group.str(),
                                    group.matched ? std::int64_t(m.position(ecmascript)) : 0});
            bytes += data->groups.back().value.size() + sizeof(Capture);
        }
    }
    eval.charge(bytes);
    return matchValue(std::move(data), Ty::RegexMatch, 0);
}

} // namespace

Value regexGroup(const Value& groups, const Value& index) {
    const MatchData& data = matchOf(groups);
    int group = -1; // none: a group that did not succeed
    if (index.type() == Ty::Int) {
        const std::int64_t i = index.asInt();
        if (i >= 0 && std::size_t(i) < data.groups.size())
            group = int(i);
    } else if (const auto number = data.pattern->groupNumber(expectString(index, "groupname"))) {
        if (*number < data.groups.size()) // a match that failed has no groups at all
            group = int(*number);
    }
    // Sharing the match: a group is the match's data and the group's number.
    const auto& owned = std::static_pointer_cast<const MatchData>(groups.asObject().owned);
    return matchValue(owned, Ty::RegexMatch, group);
}

void addRegexMembers(std::vector<MemberDef>& t) {
    t.push_back({Ty::Unknown, "Regex", "IsMatch", true, 2, 3, FN {
                     const std::string& input = regexInput(eval, args[0]);
                     const CompiledRegex& re = compiledRegex(eval, args, 2);
                     return Value::boolean(
                         guardedRegex([&] {
        return std::regex_search(input, re.regex); }));
}
, Ty::Bool
} // namespace portico::policy::expr
);
    t.push_back({Ty::Unknown, "Regex", "Match", true, 2, 3, FN {
                     const std::string& input = regexInput(eval, args[0]);
                     const CompiledRegex& re = compiledRegex(eval, args, 2);
                     std::smatch m;
                     guardedRegex([&] {
    return std::regex_search(input, m, re.regex); });
                     return makeMatch(eval, m, re);
    }
    , Ty::RegexMatch
    });
    t.push_back({Ty::Unknown, "Regex", "Matches", true, 2, 3, FN {
                     const std::string& input = regexInput(eval, args[0]);
                     const CompiledRegex& re = compiledRegex(eval, args, 2);
                     ValueList matches;
                     guardedRegex([&] {
    for (std::sregex_iterator it(input.begin(), input.end(), re.regex), end; it != end; ++it) {
        eval.step();
        matches.push_back(makeMatch(eval, *it, re));
    }
    return true;
                     });
                     return makeList(eval, std::move(matches));
    }
    , Ty::List
    });
    t.push_back({Ty::Unknown, "Regex", "Replace", true, 3, 4, FN {
                     const std::string& input = regexInput(eval, args[0]);
                     const CompiledRegex& re = compiledRegex(eval, args, 3);
                     const std::string format = translateRegexReplacement(
                         expectString(args[2], "replacement"), *re.pattern);
                     std::string out = guardedRegex(
                         [&] {
    return std::regex_replace(input, re.regex, format); });
                     return makeString(eval, std::move(out));
    }
    , Ty::String
    });
    t.push_back({Ty::Unknown, "Regex", "Escape", true, 1, 1, FN {
                     std::string out;
                     for (char c : expectString(args[0], "str")) {
    if (std::string_view("\\*+?|{}[]()^$.# ").find(c) != std::string_view::npos)
        out += '\\';
    out += c;
                     }
                     return makeString(eval, std::move(out));
    }
    , Ty::String
    });
    t.push_back({Ty::RegexMatch, {}, "Success", false, 0, 0,
                 FN { return Value::boolean(captureOf(self).success);
    }
    , Ty::Bool
    });
    t.push_back({Ty::RegexMatch, {}, "Value", false, 0, 0,
                 FN { return Value::string(captureOf(self).value);
    }
    , Ty::String
    });
    t.push_back({Ty::RegexMatch, {}, "Index", false, 0, 0,
                 FN { return Value::integer(captureOf(self).index);
    }
    , Ty::Int
    });
    t.push_back({Ty::RegexMatch, {}, "Length", false, 0, 0,
                 FN { return Value::integer(std::int64_t(captureOf(self).value.size()));
    }
    , Ty::Int
    });
    t.push_back({Ty::RegexMatch, {}, "ToString", true, 0, 0,
                 FN { return Value::string(captureOf(self).value);
    }
    , Ty::String
    });
    t.push_back({Ty::RegexMatch, {}, "Groups", false, 0, 0, FN {
                     const auto& owned =
                         std::static_pointer_cast<const MatchData>(self.asObject().owned);
                     return matchValue(owned, Ty::RegexGroups, 0);
    }
    , Ty::RegexGroups
    });
    t.push_back({Ty::RegexGroups, {}, "Count", false, 0, 0,
                 FN { return Value::integer(std::int64_t(matchOf(self).groups.size()));
    }
    , Ty::Int
    });
    }

    } // namespace portico::policy::expr
