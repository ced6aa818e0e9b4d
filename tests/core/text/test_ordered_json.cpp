#include "core/text/ordered_json.h"

#include <QTest>

#include <map>
#include <random>
#include <string>

using portico::text::OrderedJson;

namespace {

// {"k0":0,"k1":1,...}: past the size at which the object starts indexing its keys.
std::string objectText(int members) {
    std::string text = "{";
    for (int i = 0; i < members; ++i)
        text += (i ? ",\"k" : "\"k") + std::to_string(members - i) + "\":" + std::to_string(i);
    return text + "}";
}

} // namespace

class TestOrderedJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsMembersInTheOrderTheyCame_data() {
        QTest::addColumn<int>("members");
        QTest::newRow("scanned") << 5;
        QTest::newRow("indexed") << 500;
    }
    void keepsMembersInTheOrderTheyCame() {
        QFETCH(int, members);
        // Keys run from high to low, so sorted order would differ.
        const auto text = objectText(members);
        QCOMPARE(OrderedJson::parse(text).dump(), text);
    }

    void addedMembersGoLastAndReassignedOnesKeepTheirPlace() {
        auto object = OrderedJson::parse(R"({"zeta":1,"alpha":2})");
        object["middle"] = 3;
        object["zeta"] = 10;
        QCOMPARE(object.dump(), std::string(R"({"zeta":10,"alpha":2,"middle":3})"));
        object.erase("zeta");
        object["zeta"] = 11;
        QCOMPARE(object.dump(), std::string(R"({"alpha":2,"middle":3,"zeta":11})"));
    }

    // As Newtonsoft's JObject.Parse (DuplicatePropertyNameHandling.Replace) does.
    void aDuplicateNameKeepsTheFirstPlaceAndTheLastValue() {
        QCOMPARE(OrderedJson::parse(R"({"a":1,"b":2,"a":3})").dump(),
                 std::string(R"({"a":3,"b":2})"));
    }

    void equalObjectsNeedNotShareAnOrder() {
        const auto a = OrderedJson::parse(R"({"b":1,"a":{"y":[1,2],"x":null}})");
        const auto b = OrderedJson::parse(R"({"a":{"x":null,"y":[1,2]},"b":1})");
        QVERIFY(a == b);
        QVERIFY(a != OrderedJson::parse(R"({"a":{"x":null,"y":[2,1]},"b":1})"));
        QVERIFY(a != OrderedJson::parse(R"({"a":{"x":null,"y":[1,2]}})"));
    }

    void convertsToAndFromNlohmannJson() {
        const auto ordered = OrderedJson::parse(R"({"b":1,"a":[true,"x"]})");
        const nlohmann::json plain = ordered;
        QCOMPARE(plain.dump(), std::string(R"({"a":[true,"x"],"b":1})"));
        const OrderedJson back = plain;
        QCOMPARE(back.dump(), std::string(R"({"a":[true,"x"],"b":1})"));
    }

    // Random inserts, reassignments, erases and lookups against std::map, across the size at
    // which the index is built and dropped, so that every index path is checked by its answers.
    void findsWhatAMapFindsAfterAnyEdits() {
        std::mt19937 random(20261202);
        OrderedJson object = OrderedJson::object();
        std::map<std::string, int> model;
        std::vector<std::string> order; // the order members must come out in
        for (int step = 0; step < 20000; ++step) {
            const std::string key = "key" + std::to_string(random() % 48);
            const int value = static_cast<int>(random() % 1000);
            switch (random() % 4) {
            case 0:
            case 1:
                if (!model.contains(key))
                    order.push_back(key);
                object[key] = value;
                model[key] = value;
                break;
            case 2:
                QCOMPARE(object.erase(key), model.erase(key));
                std::erase(order, key);
                break;
            default:
                QCOMPARE(object.contains(key), model.contains(key));
                if (model.contains(key))
                    QCOMPARE(object.at(key).get<int>(), model[key]);
                break;
            }
            QCOMPARE(object.size(), model.size());
        }
        std::size_t position = 0;
        for (const auto& [key, value] : object.items()) {
            QCOMPARE(key, order[position++]);
            QCOMPARE(value.get<int>(), model[key]);
        }
    }

    void erasesARangeAndStillFindsTheRest() {
        auto object = OrderedJson::parse(objectText(40));
        auto& members = object.get_ref<OrderedJson::object_t&>();
        members.erase(members.begin() + 5, members.begin() + 30);
        QCOMPARE(object.size(), std::size_t(15));
        for (int i = 0; i < 40; ++i) {
            const auto key = "k" + std::to_string(40 - i);
            QCOMPARE(object.contains(key), i < 5 || i >= 30);
        }
    }

    void aHundredThousandMembersParseAndAnswerLookups() {
        const auto object = OrderedJson::parse(objectText(100000));
        QCOMPARE(object.size(), std::size_t(100000));
        QCOMPARE(object.at("k1").get<int>(), 99999);
        QCOMPARE(object.at("k100000").get<int>(), 0);
        QVERIFY(!object.contains("k0"));
    }
};

QTEST_APPLESS_MAIN(TestOrderedJson)
#include "test_ordered_json.moc"
