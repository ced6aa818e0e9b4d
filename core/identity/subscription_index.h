#pragma once

#include "core/model/entities.h"
#include "core/security/key_hash.h"

#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portico::model {
struct Workspace;
}

namespace portico::identity {

enum class KeySlot { None, Primary, Secondary };

// APIM's "context" of an admitted call: whose policies and access rules apply.
enum class AccessContext {
    Subscription, // a valid key of an active subscription whose scope covers the API
    OpenProduct,  // no key: the API is in a product that needs no subscription
    OpenApi,      // no key: the API itself needs no subscription
};

// What matched. Views point into the index, which lives as long as its configuration snapshot.
struct SubscriptionMatch {
    AccessContext context = AccessContext::Subscription;
    std::string_view subscriptionId; // empty for open access
    std::string_view scope;          // "/products/starter", "/apis/orders", "/apis"
    std::string_view productId;      // product-scoped subscription or open product, else empty
    std::string_view ownerUserId;    // may be empty
    model::SubscriptionState state = model::SubscriptionState::Active;
    KeySlot key = KeySlot::None;
};

enum class DenyReason { None, MissingKey, InvalidKey };

// APIM's 401 texts, word for word.
inline constexpr std::string_view kMissingKeyMessage =
    "Access denied due to missing subscription key. Make sure to include subscription key when "
    "making requests to an API.";
inline constexpr std::string_view kInvalidKeyMessage =
    "Access denied due to invalid subscription key. Make sure to provide a valid key for an "
    "active subscription.";

struct AccessDecision {
    bool admitted = false;
    int statusCode = 401;
    DenyReason reason = DenyReason::None;
    std::string_view message; // APIM's message when denied, empty when admitted
    SubscriptionMatch match;  // meaningful when admitted

    static AccessDecision admit(SubscriptionMatch match);
    static AccessDecision deny(DenyReason reason);
};

// The key a request carries, read with the API's configured names (SubscriptionIndex::keyNames).
struct PresentedKey {
    enum class Source { None, Header, Query };
    Source source = Source::None;
    std::string_view value;
    bool ambiguous = false; // the header (or, without header, the parameter) came more than once
};

// APIM reads the header, and the query parameter only when the header is absent. The key views
// the first value; both lists hold strings or string views.
template <typename HeaderValues, typename QueryValues>
PresentedKey presentedKey(const HeaderValues& headerValues, const QueryValues& queryValues) {
    PresentedKey key;
    const bool fromHeader = !std::empty(headerValues);
    if (!fromHeader && std::empty(queryValues))
        return key;
    key.source = fromHeader ? PresentedKey::Source::Header : PresentedKey::Source::Query;
    key.value = fromHeader ? std::string_view(*std::begin(headerValues))
                           : std::string_view(*std::begin(queryValues));
    // Two keys in one request: which one would a backend or a log believe? Refuse both.
    key.ambiguous = (fromHeader ? std::size(headerValues) : std::size(queryValues)) > 1;
    return key;
}

struct KeyNames {
    std::string header = "Ocp-Apim-Subscription-Key";
    std::string query = "subscription-key";
};

// Subscriptions, products and APIs arranged for the request path: built once per configuration
// snapshot, then read concurrently without locks. A key costs one unsalted digest (its lookup
// tag), one hash-table probe and one salted-hash check, however many subscriptions there are.
// Hashes stored before lookup tags are checked by a scan over those alone, limited to the ones
// whose scope covers the API; `portico subscription regenerate` replaces them.
class SubscriptionIndex {
public:
    struct BuildResult;
    static BuildResult build(const model::Workspace& workspace);

    // Admit or 401 for a call to `apiId` carrying `key`, at `nowSeconds` (unix time; startDate
    // and endDate are checked against it). Pure: no locks, no allocation, no I/O.
    AccessDecision decide(std::string_view apiId, const PresentedKey& key,
                          std::int64_t nowSeconds) const;

    // The header and query parameter names configured for the API (defaults if unknown).
    const KeyNames& keyNames(std::string_view apiId) const;

    std::size_t subscriptionCount() const { return m_subscriptions.size(); }
    std::size_t taggedKeyCount() const { return m_byTag.size(); }
    std::size_t legacyKeyCount() const { return m_legacyKeyCount; }

private:
    enum class ScopeKind { AllApis, Api, Product };
    struct Entry {
        std::string id;
        std::string scope;
        ScopeKind kind = ScopeKind::AllApis;
        std::string target; // API or product id
        std::uint32_t product = 0;
        std::string owner;
        model::SubscriptionState state = model::SubscriptionState::Active;
        bool ownerBlocked = false;
        bool datesValid = true;
        std::int64_t notBefore = INT64_MIN;
        std::int64_t notAfter = INT64_MAX; // exclusive
    };
    struct KeyRecord {
        std::uint32_t entry = 0;
        KeySlot slot = KeySlot::Primary;
        security::StoredKeyHash hash;
    };
    struct ApiEntry {
        KeyNames names;
        bool subscriptionRequired = true;
        std::int64_t openProduct = -1;       // product index
        std::vector<std::uint32_t> products; // sorted product indices including the API
        std::vector<std::uint32_t> legacy;   // m_keys indices of untagged keys covering the API
    };
    struct TagHash {
        std::size_t operator()(std::uint64_t tag) const { return static_cast<std::size_t>(tag); }
    };
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const {
            return std::hash<std::string_view>{}(text);
        }
    };

    bool covers(const Entry& entry, std::string_view apiId, const ApiEntry& api) const;
    bool activeAt(const Entry& entry, std::int64_t nowSeconds) const;
    AccessDecision admitMatch(const KeyRecord& record) const;

    std::vector<Entry> m_subscriptions;
    std::vector<std::string> m_productIds;
    std::vector<KeyRecord> m_keys;
    // Tags are uniformly distributed digest bits: they are their own hash.
    std::unordered_multimap<std::uint64_t, std::uint32_t, TagHash> m_byTag;
    std::unordered_map<std::string, ApiEntry, StringHash, std::equal_to<>> m_apis;
    std::size_t m_legacyKeyCount = 0;
    KeyNames m_defaultNames;
};

struct SubscriptionIndex::BuildResult {
    std::shared_ptr<const SubscriptionIndex> index;
    // Things that keep some subscription from ever admitting, or that APIM would not allow,
    // each naming the entity: "subscription 'x': endDate '...' is not an ISO 8601 date-time".
    std::vector<std::string> warnings;
};

// ISO 8601 "YYYY-MM-DD" or "YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm]" (no zone: UTC) to unix
// seconds; nullopt when the text is not such a date.
std::optional<std::int64_t> parseIsoDateTime(std::string_view text);

} // namespace portico::identity
