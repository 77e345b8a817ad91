// mockbn/io/state.hpp
//
// save_state(checkpoint, object, prefix) and load_state(checkpoint, object,
// prefix): the state of any object that names it through the persistence
// hook (concepts/state.hpp: networks, stacks, layers with running
// statistics, optimizers) into a checkpoint's sections and back.
//
// Contract:
//  - Each field becomes one section named "prefix.name" ("name" with an
//    empty prefix); nested objects add their own name to the prefix.
//  - load_state takes back exactly what save_state wrote for an object of
//    the same shape. A missing section, a section of another size, or a tag
//    that differs (an Adam state loaded into SGD) throws checkpoint_error
//    naming the file and the section, as does what an object refuses
//    (fields.refuse); nothing is resized from a size that was not checked
//    first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mockbn/concepts/state.hpp"
#include "mockbn/io/checkpoint.hpp"

namespace mockbn::io {

namespace detail {

inline std::string section_name(const std::string& prefix, std::string_view name) {
    return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

class state_writer {
public:
    state_writer(checkpoint& to, std::string prefix) : to_(to), prefix_(std::move(prefix)) {}

    void value(std::string_view name, const std::uint64_t& v) { to_.put_value<std::uint64_t>(key(name), v); }
    template <class T>
    void values(std::string_view name, std::span<T> v) {
        to_.put_values<std::remove_const_t<T>>(key(name), v);
    }
    template <class T, class A>
    void values(std::string_view name, const std::vector<T, A>& v, std::size_t) {
        values(name, std::span<const T>(v));
    }
    void tag(std::string_view name, std::string_view text) { to_.put_text(key(name), text); }
    template <class O>
    void nested(std::string_view name, const O& object) {
        state_writer inner(to_, key(name));
        O::state_fields(object, inner);
    }

private:
    std::string key(std::string_view name) const { return section_name(prefix_, name); }

    checkpoint& to_;
    std::string prefix_;
};

class state_reader {
public:
    state_reader(const checkpoint& from, std::string prefix) : from_(from), prefix_(std::move(prefix)) {}

    void value(std::string_view name, std::uint64_t& v) { v = from_.get_value<std::uint64_t>(key(name)); }
    template <class T>
    void values(std::string_view name, std::span<T> v) {
        from_.get_values<T>(key(name), v);
    }
    template <class T, class A>
    void values(std::string_view name, std::vector<T, A>& v, std::size_t count) {
        const std::string section = key(name);
        if (from_.get(section).size() != count * sizeof(T))
            throw checkpoint_error("mockbn::checkpoint: " + from_.path() + ": section " + section + " does not hold " +
                                   std::to_string(count) + " values");
        v.resize(count);
        from_.get_values<T>(section, std::span<T>(v));
    }
    std::size_t stored_bytes(std::string_view name) const { return from_.get(key(name)).size(); }
    bool holds(std::string_view name) const { return from_.has(key(name)); }
    [[noreturn]] void refuse(std::string_view name, std::string_view problem) const {
        throw checkpoint_error("mockbn::checkpoint: " + from_.path() + ": section " + key(name) + " " +
                               std::string(problem));
    }
    void tag(std::string_view name, std::string_view expected) {
        const std::string section = key(name), found = from_.get_text(section);
        if (found != expected)
            throw checkpoint_error("mockbn::checkpoint: " + from_.path() + ": " + section + " is '" + found +
                                   "' where '" + std::string(expected) + "' was expected");
    }
    template <class O>
    void nested(std::string_view name, O& object) {
        state_reader inner(from_, key(name));
        O::state_fields(object, inner);
    }

private:
    std::string key(std::string_view name) const { return section_name(prefix_, name); }

    const checkpoint& from_;
    std::string prefix_;
};

}  // namespace detail

template <has_state O>
void save_state(checkpoint& to, const O& object, std::string prefix = "") {
    detail::state_writer fields(to, std::move(prefix));
    O::state_fields(object, fields);
}

template <has_state O>
void load_state(const checkpoint& from, O& object, std::string prefix = "") {
    detail::state_reader fields(from, std::move(prefix));
    O::state_fields(object, fields);
}

}  // namespace mockbn::io
