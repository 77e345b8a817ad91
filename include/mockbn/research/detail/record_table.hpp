// mockbn/research/detail/record_table.hpp
//
// Lists of records through the persistence hook (concepts/state.hpp), as
// tables: each field of a record type is one section holding that field of
// every record in order ("epochs.train_loss": one double per epoch), never
// a struct's bytes, so a section's layout is the field's and nothing else.
//
// table_fields<Columns>(fields, name, records) saves or loads `records`
// under "name." (saving when `records` is const). Columns is a type whose
// operator()(visit) calls visit("field", get) for each field in a fixed
// order, get(record) giving the address of the field. A field is stored as
//  - a double or a std::size_t: one value per record;
//  - a std::string or a std::vector<double>: "field.sizes", one length per
//    record, then "field", the pieces one after another;
//  - a std::vector<analysis::mode>: its locations and its heights, each as
//    such a list ("field.location", "field.height");
//  - a std::vector<R> of records that have columns of their own
//    (columns_of<R>): "field.sizes", then the records of every record one
//    after another, as a table "field".
// text_field and number_field store one text or one number alone;
// optional_table_fields a table that a checkpoint may lack (loaded empty).
// A column added to a table after checkpoints held it is named by the
// columns' static added_later(name): a checkpoint without it loads the
// record's default value there.
//
// Contract on load: a table holds as many records as its first field has
// 8-byte values, or, nested, as many as its owner's sizes add up to; sizes
// that ask for more than a section holds, and modes whose locations and
// heights do not pair, are refused (fields.refuse, naming the section), as
// is a section of another size (the reader's own check). Nothing is resized
// from a size that was not checked first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "mockbn/analysis/modes.hpp"

namespace mockbn::research::detail {

// The columns of a record type that is stored as a list inside another record's table.
template <class Record>
struct columns_of;
template <class Record>
concept listed = requires {
    typename columns_of<Record>::type;
};

template <class Columns>
std::string first_column() {
    std::string first;
    Columns{}([&](const char* name, auto) {
        if (first.empty()) first = name;
    });
    return first;
}

template <class Fields>
void text_field(Fields& fields, std::string_view name, const std::string& text) {
    fields.values(name, std::span<const char>(text.data(), text.size()));
}

template <class Fields>
void text_field(Fields& fields, std::string_view name, std::string& text) {
    std::vector<char> chars;
    fields.values(name, chars, fields.stored_bytes(name));
    text.assign(chars.begin(), chars.end());
}

template <class Fields, class Number>  // double, or a whole number or a bool stored as 64 bits
void number_field(Fields& fields, std::string_view name, Number& number) {
    using stored = std::conditional_t<std::is_floating_point_v<std::remove_const_t<Number>>, double, std::uint64_t>;
    stored value = static_cast<stored>(number);
    fields.values(name, std::span<stored>(&value, 1));
    if constexpr (!std::is_const_v<Number>) number = static_cast<Number>(value);
}

template <class Columns, class Records>
class table;

inline constexpr std::size_t as_many_as_held = static_cast<std::size_t>(-1);

template <class Columns, class Fields, class Records>
void table_fields(Fields& fields, std::string_view name, Records& records, std::size_t count = as_many_as_held) {
    table<Columns, Records> view{records, count};
    fields.nested(name, view);
}

// A table added after checkpoints were first written: loaded empty from one that does not hold it.
template <class Columns, class Fields, class Records>
void optional_table_fields(Fields& fields, std::string_view name, Records& records) {
    if constexpr (!std::is_const_v<Records>) {
        if (!fields.holds(std::string(name) + "." + first_column<Columns>())) {
            records.clear();
            return;
        }
    }
    table_fields<Columns>(fields, name, records);
}

// ---- saving one column ----------------------------------------------------------------

template <class Fields, class Piece>
void save_pieces(Fields& fields, const std::string& name, const std::vector<Piece>& pieces) {
    std::vector<std::uint64_t> sizes;
    std::vector<typename Piece::value_type> all;
    for (const auto& piece : pieces) {
        sizes.push_back(piece.size());
        all.insert(all.end(), piece.begin(), piece.end());
    }
    fields.values(name + ".sizes", std::span<const std::uint64_t>(sizes));
    if constexpr (listed<typename Piece::value_type>) {
        const auto& records = all;
        table_fields<typename columns_of<typename Piece::value_type>::type>(fields, name, records);
    } else {
        fields.values(name, std::span<const typename Piece::value_type>(all));
    }
}

template <class Fields, class Value>
void save_column(Fields& fields, const std::string& name, const std::vector<Value>& values) {
    if constexpr (std::is_arithmetic_v<Value>) {
        fields.values(name, std::span<const Value>(values));
    } else if constexpr (std::is_same_v<Value, std::vector<analysis::mode>>) {
        std::vector<std::vector<double>> locations, heights;
        for (const auto& modes : values) {
            auto& location = locations.emplace_back();
            auto& height = heights.emplace_back();
            for (const auto& m : modes) {
                location.push_back(m.location);
                height.push_back(m.height);
            }
        }
        save_pieces(fields, name + ".location", locations);
        save_pieces(fields, name + ".height", heights);
    } else {
        save_pieces(fields, name, values);
    }
}

// ---- loading one column -----------------------------------------------------------------

template <class Fields>
std::vector<std::uint64_t> load_sizes(Fields& fields, const std::string& name, std::size_t count, std::size_t held,
                                      const char* what, std::size_t& total) {
    std::vector<std::uint64_t> sizes;
    fields.values(name + ".sizes", sizes, count);
    total = 0;
    for (const auto size : sizes) {
        if (size > held - total) fields.refuse(name, std::string("holds fewer ") + what + " than its .sizes add up to");
        total += size;
    }
    return sizes;
}

template <class Piece, class Fields>
std::vector<Piece> load_pieces(Fields& fields, const std::string& name, std::size_t count) {
    using value = typename Piece::value_type;
    std::vector<value> all;
    std::size_t total = 0;
    std::vector<std::uint64_t> sizes;
    if constexpr (listed<value>) {
        using columns = typename columns_of<value>::type;
        const std::size_t held = fields.stored_bytes(name + "." + first_column<columns>()) / sizeof(std::uint64_t);
        sizes = load_sizes(fields, name, count, held, "records", total);
        table_fields<columns>(fields, name, all, total);
    } else {
        sizes = load_sizes(fields, name, count, fields.stored_bytes(name) / sizeof(value), "values", total);
        fields.values(name, all, total);
    }
    std::vector<Piece> pieces;
    for (std::size_t i = 0, first = 0; i < count; first += sizes[i++])
        pieces.emplace_back(all.begin() + first, all.begin() + first + sizes[i]);
    return pieces;
}

template <class Value, class Fields>
std::vector<Value> load_column(Fields& fields, const std::string& name, std::size_t count) {
    if constexpr (std::is_arithmetic_v<Value>) {
        std::vector<Value> values;
        fields.values(name, values, count);
        return values;
    } else if constexpr (std::is_same_v<Value, std::vector<analysis::mode>>) {
        const auto locations = load_pieces<std::vector<double>>(fields, name + ".location", count);
        const auto heights = load_pieces<std::vector<double>>(fields, name + ".height", count);
        std::vector<Value> modes(count);
        for (std::size_t i = 0; i < count; ++i) {
            if (heights[i].size() != locations[i].size())
                fields.refuse(name, "has " + std::to_string(locations[i].size()) + " locations but " +
                                        std::to_string(heights[i].size()) + " heights");
            for (std::size_t k = 0; k < locations[i].size(); ++k) modes[i].push_back({locations[i][k], heights[i][k]});
        }
        return modes;
    } else {
        return load_pieces<Value>(fields, name, count);
    }
}

// ---- a whole table ----------------------------------------------------------------------

template <class Columns, class Records>
class table {
public:
    table(Records& records, std::size_t count) : records_(records), count_(count) {}

    template <class Self, class Fields>
    static void state_fields(Self& self, Fields& fields) {
        if constexpr (std::is_const_v<Records>) self.save(fields);
        else self.load(fields);
    }

private:
    using record = typename std::remove_const_t<Records>::value_type;

    template <class Fields>
    void save(Fields& fields) const {
        Columns{}([&](const char* name, auto get) {
            std::vector<std::remove_cvref_t<decltype(*get(std::declval<const record&>()))>> column;
            for (const auto& r : records_) column.push_back(*get(r));
            save_column(fields, name, column);
        });
    }

    template <class Fields>
    void load(Fields& fields) const {
        const std::size_t count =
            count_ != as_many_as_held ? count_ : fields.stored_bytes(first_column<Columns>()) / sizeof(std::uint64_t);
        records_.assign(count, record{});
        Columns{}([&](const char* name, auto get) {
            if constexpr (requires { Columns::added_later(name); })
                if (Columns::added_later(name) && !fields.holds(name)) return;  // the record's own default stays
            using value = std::remove_cvref_t<decltype(*get(std::declval<record&>()))>;
            auto column = load_column<value>(fields, name, count);
            for (std::size_t i = 0; i < count; ++i) *get(records_[i]) = std::move(column[i]);
        });
    }

    Records& records_;
    std::size_t count_;
};

}  // namespace mockbn::research::detail
