// mockbn/research/catalog.hpp
//
// The variants a study can run, known at run time: each one's name, what it
// computes, its role in the original study's claims, whether it learns
// parameters of its own (and their names), and how to train one job of it, a function
// instantiated where the variant was added. The registry
// (transforms/registry.hpp) gives a program its default entries; a program
// adds a transformation of its own (a policy in its own header) with
// add_variant<V>, without editing the registry.
//
// Contract: entries keep the order they were added in; add() refuses a name
// already there, or one that is empty or holds a character other than a
// letter, a digit or '_' (the names are written into files and folder
// names), with std::invalid_argument naming it. find(name) is the entry or
// nullptr; names() and with_role(role) list names in entry order.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "mockbn/concepts/transformation.hpp"
#include "mockbn/transforms/registry.hpp"

namespace mockbn::research {

// Trainer: what trains one job of a variant (for a program, a function
// pointer to its training instantiated for the variant's policy).
template <class Trainer>
class variant_catalog {
public:
    struct entry {
        std::string name;
        std::string help;  // what it computes, one line
        variant_role role = variant_role::control;
        bool learnable = false;               // it has parameters of its own
        std::vector<std::string> parameters;  // their names, in the policy's order
        Trainer train{};
    };

    void add(entry e) {
        const bool word = !e.name.empty() && std::all_of(e.name.begin(), e.name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        });
        if (!word)
            throw std::invalid_argument("mockbn::research::variant_catalog: '" + e.name +
                                        "' is not a variant's name (letters, digits and '_')");
        if (find(e.name))
            throw std::invalid_argument("mockbn::research::variant_catalog: a variant is already called '" + e.name +
                                        "'");
        entries_.push_back(std::move(e));
    }

    const entry* find(std::string_view name) const {
        const auto at = std::find_if(entries_.begin(), entries_.end(), [&](const entry& e) { return e.name == name; });
        return at == entries_.end() ? nullptr : &*at;
    }

    const std::vector<entry>& entries() const noexcept { return entries_; }

    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& e : entries_) out.push_back(e.name);
        return out;
    }

    std::vector<std::string> with_role(variant_role role) const {
        std::vector<std::string> out;
        for (const auto& e : entries_)
            if (e.role == role) out.push_back(e.name);
        return out;
    }

private:
    std::vector<entry> entries_;
};

// The entry of a registry-style variant V (study_variant<Name, Policy, Role, Help>) trained by `train`.
template <class V, class Trainer>
typename variant_catalog<Trainer>::entry entry_of(Trainer train) {
    using policy = typename V::policy;
    std::vector<std::string> parameters;
    if constexpr (parameter_count<policy> != 0)
        for (const auto& p : policy::params) parameters.emplace_back(p.name);
    return {std::string(V::name), std::string(V::help), V::role, !parameters.empty(), parameters, train};
}

}  // namespace mockbn::research
