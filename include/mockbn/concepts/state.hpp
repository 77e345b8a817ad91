// mockbn/concepts/state.hpp
//
// The persistence hook: how an object names the state it keeps (parameters,
// running statistics, an optimizer's slots), so that io/ can save and load
// it while the object itself knows nothing of files.
//
// An object O with state has one static member template,
//
//   template <class Self, class Fields>
//   static void state_fields(Self& self, Fields& fields);
//
// called with Self = const O to save and Self = O to load, so that one
// function serves both directions. It names every piece of its state, in a
// fixed order, through
//   fields.value(name, std::uint64_t&)      one whole number
//   fields.values(name, span)               exactly span.size() values
//   fields.values(name, vector, count)      `count` values; on load the vector is resized to them
//   fields.tag(name, text)                  what the state belongs to: saved, and checked on load
//   fields.nested(name, object)             another object with state, its names under "name."
// and, when loading only (Self not const),
//   fields.stored_bytes(name)               how many bytes the saved section holds
//   fields.holds(name)                      whether the section was saved at all
//   fields.refuse(name, problem)            throws: what was saved under name is inconsistent
// (stored_bytes is how an optimizer of the model's scalar finds the scalar of
// its saved slots, and how a table finds how many records it holds).
// A value named before another may give that one's count (the optimizer's
// size, then its slots).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace mockbn {

namespace detail {

// A Fields that accepts every call of the protocol and does nothing: what has_state probes with.
struct state_field_probe {
    void value(std::string_view, const std::uint64_t&) {}
    template <class T>
    void values(std::string_view, std::span<T>) {}
    template <class T, class A>
    void values(std::string_view, const std::vector<T, A>&, std::size_t) {}
    void tag(std::string_view, std::string_view) {}
    template <class O>
    void nested(std::string_view, O&) {}
    std::size_t stored_bytes(std::string_view) const { return 0; }
    bool holds(std::string_view) const { return true; }
    void refuse(std::string_view, std::string_view) const {}
};

}  // namespace detail

template <class O>
concept has_state = requires(const O& saved, O& loaded, detail::state_field_probe& fields) {
    O::state_fields(saved, fields);
    O::state_fields(loaded, fields);
};

}  // namespace mockbn
