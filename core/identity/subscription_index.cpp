#include "core/identity/subscription_index.h"

#include "core/model/workspace.h"

#include <algorithm>
#include <chrono>
#include <tuple>

namespace portico::identity {

namespace {

constexpr std::string_view kProducts = "/products/";
constexpr std::string_view kApis = "/apis/";

bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
    if (at + count > text.size())
        return false;
    out = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

} // namespace

std::optional<std::int64_t> parseIsoDateTime(std::string_view text) {
    int year = 0, month = 0, day = 0;
    if (!digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
        !digits(text, 5, 2, month) || text[7] != '-' || !digits(text, 8, 2, day))
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(year),
                                           std::chrono::month(static_cast<unsigned>(month)),
                                           std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok())
        return std::nullopt;
    std::int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::sys_days(date).time_since_epoch())
                               .count();
    if (text.size() == 10)
        return seconds;
    int hour = 0, minute = 0, second = 0;
    if (text[10] != 'T' || !digits(text, 11, 2, hour) || text.size() < 16 || text[13] != ':' ||
        !digits(text, 14, 2, minute) || hour > 23 || minute > 59)
        return std::nullopt;
    std::size_t at = 16;
    if (at < text.size() && text[at] == ':') {
        if (!digits(text, at + 1, 2, second) || second > 60)
            return std::nullopt;
        at += 3;
        if (at < text.size() && text[at] == '.') {
            ++at;
            const std::size_t start = at;
            while (at < text.size() && text[at] >= '0' && text[at] <= '9')
                ++at;
            if (at == start)
                return std::nullopt;
        }
    }
    seconds += hour * 3600 + minute * 60 + second;
    if (at == text.size() || (text[at] == 'Z' && at + 1 == text.size()))
        return seconds;
    int offsetHours = 0, offsetMinutes = 0;
    if ((text[at] != '+' && text[at] != '-') || !digits(text, at + 1, 2, offsetHours) ||
        at + 6 != text.size() || text[at + 3] != ':' || !digits(text, at + 4, 2, offsetMinutes) ||
        offsetHours > 23 || offsetMinutes > 59)
        return std::nullopt;
    const int offset = offsetHours * 3600 + offsetMinutes * 60;
    return text[at] == '+' ? seconds - offset : seconds + offset;
}

AccessDecision AccessDecision::admit(SubscriptionMatch match) {
    AccessDecision decision;
    decision.admitted = true;
    decision.statusCode = 200;
    decision.match = match;
    return decision;
}

AccessDecision AccessDecision::deny(DenyReason reason) {
    AccessDecision decision;
    decision.reason = reason;
    decision.message = reason == DenyReason::MissingKey ? kMissingKeyMessage : kInvalidKeyMessage;
    return decision;
}

SubscriptionIndex::BuildResult SubscriptionIndex::build(const model::Workspace& workspace) {
    BuildResult result;
    auto index = std::make_shared<SubscriptionIndex>();
    auto warn = [&](std::string text) { result.warnings.push_back(std::move(text)); };

    std::unordered_map<std::string_view, std::uint32_t> productIndex;
    for (const auto& product : workspace.products) {
        productIndex.emplace(product.id, static_cast<std::uint32_t>(index->m_productIds.size()));
        index->m_productIds.push_back(product.id);
    }
    for (const auto& api : workspace.apis) {
        ApiEntry entry;
        entry.names.header = api.subscriptionKeyHeaderName;
        entry.names.query = api.subscriptionKeyQueryParamName;
        entry.subscriptionRequired = api.subscriptionRequired;
        index->m_apis.emplace(api.id, std::move(entry));
    }
    for (const auto& product : workspace.products) {
        const std::uint32_t p = productIndex.at(product.id);
        for (const auto& apiId : product.apis) {
            const auto api = index->m_apis.find(apiId);
            if (api == index->m_apis.end()) {
                warn("product '" + product.id + "': lists unknown API '" + apiId + "'");
                continue;
            }
            api->second.products.push_back(p);
            if (product.subscriptionRequired)
                continue;
            if (api->second.openProduct >= 0) {
                // Products are in id order, so the choice is stable.
                warn("API '" + apiId + "' is in more than one open product ('" +
                     index->m_productIds[static_cast<std::size_t>(api->second.openProduct)] +
                     "', '" + product.id + "'); APIM allows one; calls without a key use '" +
                     index->m_productIds[static_cast<std::size_t>(api->second.openProduct)] + "'");
                continue;
            }
            api->second.openProduct = p;
        }
    }
    for (auto& [id, api] : index->m_apis) {
        std::sort(api.products.begin(), api.products.end());
        api.products.erase(std::unique(api.products.begin(), api.products.end()),
                           api.products.end());
    }

    for (const auto& subscription : workspace.subscriptions) {
        Entry entry;
        entry.id = subscription.id;
        entry.scope = subscription.scope;
        entry.owner = subscription.owner;
        entry.state = subscription.state;
        const std::string where = "subscription '" + subscription.id + "'";
        if (subscription.scope == "/apis") {
            entry.kind = ScopeKind::AllApis;
        } else if (subscription.scope.rfind(kProducts, 0) == 0) {
            entry.kind = ScopeKind::Product;
            entry.target = subscription.scope.substr(kProducts.size());
            const auto product = productIndex.find(entry.target);
            if (product == productIndex.end()) {
                warn(where + ": scope names unknown product '" + entry.target + "'");
                continue;
            }
            entry.product = product->second;
        } else if (subscription.scope.rfind(kApis, 0) == 0) {
            entry.kind = ScopeKind::Api;
            entry.target = subscription.scope.substr(kApis.size());
            if (!index->m_apis.count(entry.target))
                warn(where + ": scope names unknown API '" + entry.target + "'");
        } else {
            warn(where + ": scope '" + subscription.scope +
                 "' is not /products/ID, /apis/ID or /apis");
            continue;
        }
        if (!subscription.owner.empty()) {
            const model::User* user = workspace.findUser(subscription.owner);
            // APIM: a blocked user cannot call APIs with their subscriptions.
            entry.ownerBlocked = user && user->state == "blocked";
        }
        for (auto [text, bound, name] :
             {std::tuple{&subscription.startDate, &entry.notBefore, "startDate"},
              std::tuple{&subscription.endDate, &entry.notAfter, "endDate"}}) {
            if (text->empty())
                continue;
            if (auto seconds = parseIsoDateTime(*text)) {
                *bound = *seconds;
            } else {
                entry.datesValid = false; // fail closed
                warn(where + ": " + name + " '" + *text +
                     "' is not an ISO 8601 date or date-time; the subscription admits nothing");
            }
        }

        const auto entryIndex = static_cast<std::uint32_t>(index->m_subscriptions.size());
        index->m_subscriptions.push_back(std::move(entry));
        const Entry& stored = index->m_subscriptions.back();
        for (auto [hashText, slot] :
             {std::pair{&subscription.primaryKeyHash, KeySlot::Primary},
              std::pair{&subscription.secondaryKeyHash, KeySlot::Secondary}}) {
            if (hashText->empty())
                continue;
            std::string why;
            auto hash = security::parseSubscriptionKeyHash(*hashText, &why);
            if (!hash) {
                warn(where + ": " + (slot == KeySlot::Primary ? "primary" : "secondary") +
                     " key hash is unusable: " + why);
                continue;
            }
            const auto keyIndex = static_cast<std::uint32_t>(index->m_keys.size());
            index->m_keys.push_back({entryIndex, slot, *hash});
            if (hash->tag) {
                index->m_byTag.emplace(*hash->tag, keyIndex);
                continue;
            }
            ++index->m_legacyKeyCount;
            for (auto& [apiId, api] : index->m_apis) {
                if (index->covers(stored, apiId, api))
                    api.legacy.push_back(keyIndex);
            }
        }
    }
    if (index->m_legacyKeyCount > 0)
        warn(std::to_string(index->m_legacyKeyCount) +
             " subscription key hash(es) have no lookup tag and are checked one by one; "
             "`portico subscription regenerate` writes tagged hashes");
    result.index = std::move(index);
    return result;
}

bool SubscriptionIndex::covers(const Entry& entry, std::string_view apiId,
                               const ApiEntry& api) const {
    switch (entry.kind) {
    case ScopeKind::AllApis:
        return true;
    case ScopeKind::Api:
        return entry.target == apiId;
    case ScopeKind::Product:
        return std::binary_search(api.products.begin(), api.products.end(), entry.product);
    }
    return false;
}

bool SubscriptionIndex::activeAt(const Entry& entry, std::int64_t nowSeconds) const {
    return entry.state == model::SubscriptionState::Active && !entry.ownerBlocked &&
           entry.datesValid && nowSeconds >= entry.notBefore && nowSeconds < entry.notAfter;
}

AccessDecision SubscriptionIndex::admitMatch(const KeyRecord& record) const {
    const Entry& entry = m_subscriptions[record.entry];
    SubscriptionMatch match;
    match.context = AccessContext::Subscription;
    match.subscriptionId = entry.id;
    match.scope = entry.scope;
    if (entry.kind == ScopeKind::Product)
        match.productId = entry.target;
    match.ownerUserId = entry.owner;
    match.state = entry.state;
    match.key = record.slot;
    return AccessDecision::admit(match);
}

const KeyNames& SubscriptionIndex::keyNames(std::string_view apiId) const {
    const auto api = m_apis.find(apiId);
    return api == m_apis.end() ? m_defaultNames : api->second.names;
}

AccessDecision SubscriptionIndex::decide(std::string_view apiId, const PresentedKey& key,
                                         std::int64_t nowSeconds) const {
    const auto apiIt = m_apis.find(apiId);
    if (key.source == PresentedKey::Source::None) {
        if (apiIt == m_apis.end())
            return AccessDecision::deny(DenyReason::MissingKey);
        const ApiEntry& api = apiIt->second;
        SubscriptionMatch match;
        if (api.openProduct >= 0) {
            match.context = AccessContext::OpenProduct;
            match.productId = m_productIds[static_cast<std::size_t>(api.openProduct)];
            return AccessDecision::admit(match);
        }
        if (!api.subscriptionRequired) {
            match.context = AccessContext::OpenApi;
            return AccessDecision::admit(match);
        }
        return AccessDecision::deny(DenyReason::MissingKey);
    }
    // A key, when given, is always checked, even where none is required (APIM does the same).
    if (key.ambiguous || key.value.empty() || apiIt == m_apis.end())
        return AccessDecision::deny(DenyReason::InvalidKey);
    const ApiEntry& api = apiIt->second;

    auto admits = [&](const KeyRecord& record) {
        const Entry& entry = m_subscriptions[record.entry];
        return covers(entry, apiId, api) && activeAt(entry, nowSeconds);
    };
    // Timing reveals at most whether some stored key shares the 64-bit tag, and finding such a
    // key takes ~2^64 / N online guesses; the salted-hash check still decides, in constant time.
    const auto [first, last] = m_byTag.equal_range(security::subscriptionKeyTag(key.value));
    for (auto it = first; it != last; ++it) {
        const KeyRecord& record = m_keys[it->second];
        if (security::verifySubscriptionKey(key.value, record.hash) && admits(record))
            return admitMatch(record);
    }
    for (std::uint32_t keyIndex : api.legacy) {
        const KeyRecord& record = m_keys[keyIndex];
        if (security::verifySubscriptionKey(key.value, record.hash) && admits(record))
            return admitMatch(record);
    }
    return AccessDecision::deny(DenyReason::InvalidKey);
}

} // namespace portico::identity
