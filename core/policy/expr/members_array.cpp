// System.Array's static helpers that policies use on claims and split strings: Exists, Find,
// FindIndex, TrueForAll, IndexOf.
#include "core/policy/expr/members.h"

namespace portico::policy::expr {

#define FN PORTICO_EXPR_FN

namespace {

const ValueList& arrayArgument(const Value& v) {
    if (v.isNull())
        raise("ArgumentNullException", "Value cannot be null. (Parameter 'array')");
    if (v.type() != Ty::List)
        raise("InvalidCastException", std::string("Unable to cast object of type '") +
                                          tyName(v.type()) + "' to type 'System.Array'.");
    return *v.asList();
}

// The position of the first item the predicate holds for, or -1.
std::int64_t findIndex(Eval& eval, const Value& array, const Value& predicate) {
    const ValueList& items = arrayArgument(array);
    for (std::size_t i = 0; i < items.size(); ++i)
        if (expectBool(invokeLambda(eval, predicate, {items[i]}), "predicate result"))
            return std::int64_t(i);
    return -1;
}

} // namespace

void addArrayMembers(std::vector<MemberDef>& t) {
    t.push_back({Ty::Unknown, "Array", "Exists", true, 2, 2,
                 FN { return Value::boolean(findIndex(eval, args[0], args[1]) >= 0);
}
, Ty::Bool
} // namespace portico::policy::expr
);
    t.push_back({Ty::Unknown, "Array", "FindIndex", true, 2, 2,
                 FN { return Value::integer(findIndex(eval, args[0], args[1]));
    }
    , Ty::Int
    });
    t.push_back({Ty::Unknown, "Array", "Find", true, 2, 2, FN {
                     const std::int64_t at = findIndex(eval, args[0], args[1]);
                     return at < 0 ? Value::null() : (*args[0].asList())[std::size_t(at)];
    }
    , Ty::Unknown
    });
    t.push_back({Ty::Unknown, "Array", "TrueForAll", true, 2, 2, FN {
                     for (const Value& item : arrayArgument(args[0]))
                         if (!expectBool(invokeLambda(eval, args[1], {item}), "predicate result"))
                             return Value::boolean(false);
                     return Value::boolean(true);
    }
    , Ty::Bool
    });
    t.push_back({Ty::Unknown, "Array", "IndexOf", true, 2, 2, FN {
                     const ValueList& items = arrayArgument(args[0]);
                     for (std::size_t i = 0; i < items.size(); ++i) {
    eval.step();
    if (valuesEqual(items[i], args[1]))
        return Value::integer(std::int64_t(i));
                     }
                     return Value::integer(-1);
    }
    , Ty::Int
    });
    }

    } // namespace portico::policy::expr
