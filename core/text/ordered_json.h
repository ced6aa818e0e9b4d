#pragma once

#include "core/text/sip_hash.h"

#include <nlohmann/json.hpp>

#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::text {

// A JSON object that keeps its members in insertion order, as Newtonsoft's JObject does, for
// nlohmann::basic_json. nlohmann's own ordered_map finds a key by scanning every member, so
// parsing an object of n members costs n²/2 compares: 80,000 members (870 KB) took 8.5 s. Past a
// few members this one keeps an open-addressing index of positions under a keyed hash, which a
// hostile document cannot make collide.
template <class Key, class T, class IgnoredLess = std::less<Key>,
          class Allocator = std::allocator<std::pair<const Key, T>>>
class IndexedOrderedMap : private std::vector<std::pair<const Key, T>, Allocator> {
    using Container = std::vector<std::pair<const Key, T>, Allocator>;

public:
    using key_type = Key;
    using mapped_type = T;
    using key_compare = std::equal_to<>; // transparent: lookups by string_view need no copy
    using typename Container::allocator_type;
    using typename Container::const_iterator;
    using typename Container::const_pointer;
    using typename Container::const_reference;
    using typename Container::difference_type;
    using typename Container::iterator;
    using typename Container::pointer;
    using typename Container::reference;
    using typename Container::size_type;
    using typename Container::value_type;

    using Container::begin;
    using Container::cbegin;
    using Container::cend;
    using Container::empty;
    using Container::end;
    using Container::max_size;
    using Container::size;

    IndexedOrderedMap() = default;
    explicit IndexedOrderedMap(const Allocator& allocator)
        : Container(allocator) {}
    template <class It>
    IndexedOrderedMap(It first, It last, const Allocator& allocator = Allocator())
        : Container(allocator) {
        insert(first, last);
    }
    IndexedOrderedMap(std::initializer_list<value_type> members,
                      const Allocator& allocator = Allocator())
        : Container(allocator) {
        insert(members.begin(), members.end());
    }

    template <class K>
    requires std::convertible_to<const K&, std::string_view> std::pair<iterator, bool>
    emplace(K&& key, T&& value) {
        if (const auto at = positionOf(key); at != kNone)
            return {begin() + at, false};
        Container::emplace_back(std::forward<K>(key), std::move(value));
        indexLast();
        return {end() - 1, true};
    }
    std::pair<iterator, bool> emplace(const key_type& key, T&& value) {
        return emplace<const key_type&>(key, std::move(value));
    }

    template <class K>
    requires std::convertible_to<const K&, std::string_view> T& operator[](K&& key) {
        return emplace(std::forward<K>(key), T{}).first->second;
    }
    T& operator[](const key_type& key) { return emplace(key, T{}).first->second; }
    template <class K>
    requires std::convertible_to<const K&, std::string_view>
    const T& operator[](const K& key) const { return at(key); }

    template <class K>
    requires std::convertible_to<const K&, std::string_view> T& at(const K& key) {
        const auto found = find(key);
        if (found == end())
            throw std::out_of_range("key not found");
        return found->second;
    }
    template <class K>
    requires std::convertible_to<const K&, std::string_view>
    const T& at(const K& key) const {
        const auto found = find(key);
        if (found == end())
            throw std::out_of_range("key not found");
        return found->second;
    }

    template <class K>
    requires std::convertible_to<const K&, std::string_view> iterator find(const K& key) {
        const auto at = positionOf(key);
        return at == kNone ? end() : begin() + at;
    }
    template <class K>
    requires std::convertible_to<const K&, std::string_view> const_iterator find(const K& key)
    const {
        const auto at = positionOf(key);
        return at == kNone ? end() : begin() + at;
    }
    template <class K>
    requires std::convertible_to<const K&, std::string_view> size_type count(const K& key)
    const { return positionOf(key) == kNone ? 0 : 1; }

    template <class K>
    requires std::convertible_to<const K&, std::string_view> size_type erase(const K& key) {
        const auto at = positionOf(key);
        if (at == kNone)
            return 0;
        erase(begin() + at);
        return 1;
    }
    iterator erase(iterator position) {
        const auto at = static_cast<std::size_t>(position - begin());
        forget(at);
        return eraseRange(at, at + 1);
    }
    iterator erase(iterator first, iterator last) {
        const auto from = static_cast<std::size_t>(first - begin());
        const auto to = static_cast<std::size_t>(last - begin());
        if (from == to)
            return first;
        auto next = eraseRange(from, to);
        reindex();
        return next;
    }
    void clear() noexcept {
        Container::clear();
        m_slots.clear();
    }

    std::pair<iterator, bool> insert(const value_type& member) {
        if (const auto at = positionOf(member.first); at != kNone)
            return {begin() + at, false};
        Container::push_back(member);
        indexLast();
        return {end() - 1, true};
    }
    std::pair<iterator, bool> insert(value_type&& member) {
        if (const auto at = positionOf(member.first); at != kNone)
            return {begin() + at, false};
        Container::push_back(std::move(member));
        indexLast();
        return {end() - 1, true};
    }
    template <class It> void insert(It first, It last) {
        for (; first != last; ++first)
            insert(*first);
    }

    // Members compare as a set, in any order: Newtonsoft's JToken.DeepEquals, and JSON's meaning.
    friend bool operator==(const IndexedOrderedMap& a, const IndexedOrderedMap& b) {
        if (a.size() != b.size())
            return false;
        for (const auto& [key, value] : a) {
            const auto other = b.find(key);
            if (other == b.end() || !(other->second == value))
                return false;
        }
        return true;
    }

private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    // Up to this many members a scan is quicker than hashing the key.
    static constexpr std::size_t kScanUpTo = 8;

    struct Slot {
        std::uint32_t position = 0; // the member's position + 1; 0 marks an empty slot
        std::uint32_t hash = 0;     // low bits of the key's hash: its home slot, and a quick reject
    };

    std::size_t positionOf(std::string_view key) const {
        if (m_slots.empty()) {
            for (std::size_t at = 0; at < size(); ++at) {
                if (Container::operator[](at).first == key)
                    return at;
            }
            return kNone;
        }
        const auto hash = static_cast<std::uint32_t>(seededHash(key));
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
            const auto& entry = m_slots[slot];
            if (entry.position == 0)
                return kNone;
            if (entry.hash == hash && Container::operator[](entry.position - 1).first == key)
                return entry.position - 1;
        }
    }

    void place(std::size_t position, std::uint32_t hash) {
        const std::size_t mask = m_slots.size() - 1;
        std::size_t slot = hash & mask;
        while (m_slots[slot].position != 0)
            slot = (slot + 1) & mask;
        m_slots[slot] = {static_cast<std::uint32_t>(position + 1), hash};
    }

    // Rebuilt at a load of at most one half, so that probes stay short.
    void reindex() {
        if (size() <= kScanUpTo) {
            m_slots.clear();
            return;
        }
        std::size_t capacity = 32;
        while (capacity < 2 * size())
            capacity *= 2;
        m_slots.assign(capacity, Slot{});
        for (std::size_t at = 0; at < size(); ++at)
            place(at, static_cast<std::uint32_t>(seededHash(Container::operator[](at).first)));
    }

    void indexLast() {
        if (size() <= kScanUpTo)
            return;
        if (m_slots.empty() || 2 * size() > m_slots.size()) {
            reindex();
            return;
        }
        place(size() - 1, static_cast<std::uint32_t>(seededHash(back().first)));
    }

    const value_type& back() const { return Container::back(); }

    // Takes the member at `position` out of the index (backward-shift deletion keeps every
    // probe chain unbroken) and renumbers the members after it.
    void forget(std::size_t position) {
        if (m_slots.empty())
            return;
        const std::size_t mask = m_slots.size() - 1;
        const auto hash =
            static_cast<std::uint32_t>(seededHash(Container::operator[](position).first));
        std::size_t hole = hash & mask;
        while (m_slots[hole].position != position + 1)
            hole = (hole + 1) & mask;
        for (std::size_t next = (hole + 1) & mask; m_slots[next].position != 0;
             next = (next + 1) & mask) {
            const std::size_t home = m_slots[next].hash & mask;
            // The entry may fill the hole only if the hole lies on its probe path.
            const bool onPath =
                hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (onPath) {
                m_slots[hole] = m_slots[next];
                hole = next;
            }
        }
        m_slots[hole] = Slot{};
        for (auto& slot : m_slots) {
            if (slot.position > position + 1)
                --slot.position;
        }
    }

    // pair<const Key, T> cannot be assigned to, so each later member is rebuilt in its new place.
    iterator eraseRange(std::size_t from, std::size_t to) {
        const std::size_t count = to - from;
        for (std::size_t at = from; at + count < size(); ++at) {
            auto* member = std::addressof(Container::operator[](at));
            std::destroy_at(member);
            std::construct_at(member, std::move(Container::operator[](at + count)));
        }
        for (std::size_t i = 0; i < count; ++i)
            Container::pop_back();
        if (size() <= kScanUpTo)
            m_slots.clear();
        return begin() + from;
    }

    std::vector<Slot> m_slots; // empty while a scan is quicker
};

// A JSON document whose objects keep their members' order.
using OrderedJson = nlohmann::basic_json<IndexedOrderedMap>;

} // namespace portico::text
