#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include <mockbn/data/idx.hpp>

#include "variants.hpp"

namespace study {

namespace {

using nlohmann::json;

template <class T>
bool has_duplicates(const std::vector<T>& values) {
    return std::set<T>(values.begin(), values.end()).size() != values.size();
}

template <class T>
void require_within(const std::string& field, T value, T low, T high) {
    if (value < low || value > high)
        throw option_error(
            field, std::to_string(value) + " is outside " + std::to_string(low) + " to " + std::to_string(high));
}

void require_one_of(const std::string& field, const std::string& value, const std::vector<std::string>& allowed) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw option_error(field, "'" + printable(value) + "' is not one of " + list);
}

void check_lists(const options& o) {
    if (o.variants.empty()) throw option_error("variants", "give at least one variant");
    for (const auto& v : o.variants) require_one_of("variants", v, all_variants());
    if (has_duplicates(o.variants)) throw option_error("variants", "a variant is listed twice");
    if (o.seeds.empty()) throw option_error("seeds", "give a count or a list");
    if (o.seeds.size() > 10000) throw option_error("seeds", "at most 10000 seeds");
    if (std::count(o.seeds.begin(), o.seeds.end(), 0u) > 0) throw option_error("seeds", "seeds are counted from 1");
    if (has_duplicates(o.seeds)) throw option_error("seeds", "a seed is listed twice");
    if (o.placement.empty()) throw option_error("placement", "give at least one hidden layer");
    for (auto h : o.placement)
        if (h == 0 || h > o.depth)
            throw option_error("placement", "hidden layer " + std::to_string(h) + " is not among hidden layers 1 to " +
                                                std::to_string(o.depth) + " (--depth)");
    if (has_duplicates(o.placement)) throw option_error("placement", "a hidden layer is listed twice");
}

// `field` read as T, or option_error naming it.
template <class T>
T read(const json& j, const std::string& field) {
    const auto found = j.find(field);
    if (found == j.end()) throw option_error(field, "missing");
    const json& v = *found;
    auto wrong = [&](const char* expected) { return option_error(field, std::string("must be ") + expected); };
    if constexpr (std::is_same_v<T, bool>) {
        if (!v.is_boolean()) throw wrong("true or false");
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!v.is_string()) throw wrong("a string");
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!v.is_number()) throw wrong("a number");
    } else if constexpr (std::is_unsigned_v<T>) {
        if (!v.is_number_unsigned()) throw wrong("a whole number, 0 or more");
    } else {
        using element = typename T::value_type;
        if (!v.is_array()) throw wrong("a list");
        T values;
        for (const auto& e : v) {
            if constexpr (std::is_same_v<element, std::string>) {
                if (!e.is_string()) throw wrong("a list of strings");
            } else if (!e.is_number_unsigned()) {
                throw wrong("a list of whole numbers");
            }
            values.push_back(e.get<element>());
        }
        return values;
    }
    return v.get<T>();
}

// `field`, a choice's name, as that choice.
template <mockbn::research::named_choice E>
E read_choice(const json& j, const std::string& field) {
    return parse_choice<E>(field, read<std::string>(j, field));
}

// probe_layer: a hidden layer's number, or "all".
std::size_t read_probe_layer(const json& j) {
    const auto found = j.find("probe_layer");
    if (found != j.end() && *found == "all") return every_hidden_layer;
    if (found != j.end() && !found->is_number_unsigned())
        throw option_error("probe_layer", "must be a hidden layer's number (from 1) or \"all\"");
    return probe_layer_of(std::to_string(read<std::size_t>(j, "probe_layer")));
}

// The initial values as a JSON object, name to value, and back (option_error naming initial when it is not
// one of numbers, or a name fails initial_values_of's rules).
json initial_object(const std::vector<mockbn::research::initial_value>& values) {
    json object = json::object();
    for (const auto& [name, value] : values) object[name] = value;
    return object;
}

std::vector<mockbn::research::initial_value> read_initial(const json& j) {
    const json& object = j.at("initial");
    if (!object.is_object()) throw option_error("initial", "must be an object of names and numbers");
    std::vector<mockbn::research::initial_value> values;
    for (const auto& [name, value] : object.items()) {
        if (!value.is_number()) throw option_error("initial", "'" + printable(name) + "' must be a number");
        values.push_back({name, value.get<double>()});
    }
    return values;  // keys come sorted, and once each (parse_object)
}

// The shortest text that reads back as exactly v.
std::string text_of(double v) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, v).ptr;
    return std::string(text, end);
}

template <class T>
std::string text_of(const std::vector<T>& values) {
    std::string text;
    for (const auto& v : values) {
        if (!text.empty()) text += ',';
        if constexpr (std::is_same_v<T, std::string>) text += v;
        else text += std::to_string(v);
    }
    return text;
}

void require_between(const std::string& field, double value, double low, double high) {
    if (!(value >= low && value <= high))
        throw option_error(field, text_of(value) + " is outside " + text_of(low) + " to " + text_of(high));
}

// Each initial value: finite, of a parameter one of the variants has.
void check_initial(const options& o) {
    std::set<std::string> names;
    for (const auto& v : o.variants)
        if (const auto* entry = variants().find(v)) names.insert(entry->parameters.begin(), entry->parameters.end());
    for (const auto& [name, value] : o.initial) {
        if (!names.contains(name)) {
            std::string known;
            for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
            throw option_error("initial", "'" + printable(name) + "' is not a parameter of the variants run (" +
                                              (known.empty() ? std::string("they have none") : "they have " + known) +
                                              ")");
        }
        if (!(std::abs(value) <= 1e6))
            throw option_error("initial", name + "=" + text_of(value) + " is outside -1e6 to 1e6");
    }
}

// How the network learns: the optimizer's rates.
void check_training(const options& o) {
    if (!(o.learning_rate > 0) || !std::isfinite(o.learning_rate))
        throw option_error("learning_rate", text_of(o.learning_rate) + " is not a positive number");
    require_between("momentum", o.momentum, 0, 0.999);
    require_between("weight_decay", o.weight_decay, 0, 0.1);
    require_between("transform_lr_scale", o.transform_lr_scale, 0, 1000);
    require_within<std::size_t>("decay_every", o.decay_every, 1, 10000);
    if (!(o.decay_factor > 0 && o.decay_factor <= 1))
        throw option_error("decay_factor", text_of(o.decay_factor) + " is outside (0, 1]");
}

// The probe within the first epoch: inside it (a step before its last), and there to read when the verdicts ask.
void check_early_probe(const options& o) {
    const std::size_t images = training_images(o) - validation_images(o);  // check_validation kept it positive
    const std::size_t steps = (images + o.batch - 1) / o.batch;
    if (o.probe_early > 0 && o.probe_early >= steps)
        throw option_error("probe_early", std::to_string(o.probe_early) + " steps is not within the first epoch (" +
                                              std::to_string(steps) + " steps of " + std::to_string(o.batch) + ")");
    if (o.probe_moment == mockbn::research::probe_moment::early && o.probe_early == 0)
        throw option_error("probe_moment", "early reads the probe within the first epoch: give --probe-early STEPS");
}

// The validation images come out of the training images: at least a batch of these must stay.
void check_validation(const options& o) {
    if (!(o.validation >= 0 && o.validation <= 0.5))
        throw option_error("validation",
                           text_of(o.validation) + " is not a share of the training images from 0 to 0.5");
    const std::size_t train = training_images(o);
    if (validation_images(o) + o.batch > train)
        throw option_error("validation", std::to_string(validation_images(o)) + " of " + std::to_string(train) +
                                             " training images held out leaves less than a batch (" +
                                             std::to_string(o.batch) + ") to train on");
}

const char* const stored_fields[] = {"dataset",         "data_dir",
                                     "variants",        "placement",
                                     "width",           "depth",
                                     "shared",          "init",
                                     "activation",      "optimizer",
                                     "learning_rate",   "momentum",
                                     "weight_decay",    "transform_lr_scale",
                                     "schedule",        "decay_every",
                                     "decay_factor",    "batch",
                                     "epochs",          "seeds",
                                     "probe_layer",     "probe_images",
                                     "threads",         "quick",
                                     "train_limit",     "test_limit",
                                     "on_divergence",   "probe_split",
                                     "probe_mode",      "probe_moment",
                                     "probe_early",     "display",
                                     "input_scale",     "initial",
                                     "ledger_bn",       "validation",
                                     "validation_seed", "test_every_epoch"};

}  // namespace

std::size_t training_images(const options& o) {
    return o.train_limit > 0 ? o.train_limit : mockbn::data::standard_train;
}

std::size_t validation_images(const options& o) {
    return static_cast<std::size_t>(std::llround(o.validation * static_cast<double>(training_images(o))));
}

std::string printable(std::string_view text) {
    std::string out;
    for (const unsigned char c : text) {
        if (c >= 0x20 && c != 0x7f) {
            out += static_cast<char>(c);
            continue;
        }
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
        out += escaped;
    }
    return out;
}

std::string flag_of(const std::string& field) {
    if (field == "learning_rate") return "--lr";
    std::string flag = "--" + field;
    std::replace(flag.begin(), flag.end(), '_', '-');
    return flag;
}

std::size_t probe_layer_of(const std::string& text) {
    if (text == "all") return every_hidden_layer;
    std::size_t layer = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), layer);
    if (error != std::errc() || end != text.data() + text.size() || layer == every_hidden_layer)
        throw option_error("probe_layer", "'" + printable(text) + "' is not a hidden layer (counted from 1) or all");
    return layer;
}

std::vector<mockbn::research::initial_value> initial_values_of(const std::string& text) {
    std::vector<mockbn::research::initial_value> values;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string piece = text.substr(start, end - start);
        const std::size_t equals = piece.find('=');
        double value = 0;
        const char* number = piece.data() + (equals == std::string::npos ? piece.size() : equals + 1);
        const auto [stop, error] = std::from_chars(number, piece.data() + piece.size(), value);
        if (equals == 0 || equals == std::string::npos || error != std::errc() || stop != piece.data() + piece.size())
            throw option_error("initial", "'" + printable(piece) + "' is not a parameter's name=value");
        values.push_back({piece.substr(0, equals), value});
        start = end + 1;
    }
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (std::size_t i = 1; i < values.size(); ++i)
        if (values[i].name == values[i - 1].name)
            throw option_error("initial", "'" + printable(values[i].name) + "' is given twice");
    return values;
}

std::string initial_text(const std::vector<mockbn::research::initial_value>& values) {
    std::string text;
    for (const auto& [name, value] : values) text += (text.empty() ? "" : ",") + name + "=" + text_of(value);
    return text;
}

std::string probe_layer_text(std::size_t probe_layer) {
    return probe_layer == every_hidden_layer ? "all" : std::to_string(probe_layer);
}

void normalize(options& o) {
    std::sort(o.placement.begin(), o.placement.end());
    for (double* v : {&o.momentum, &o.weight_decay, &o.transform_lr_scale})
        if (*v == 0) *v = 0;  // -0 == 0, and becomes +0
}

void check(const options& o) {
    if (o.data_dir.empty()) throw option_error("data_dir", "empty");
    require_within<std::size_t>("depth", o.depth, 1, 100);
    require_within<std::size_t>("width", o.width, 1, 100000);
    check_lists(o);
    check_initial(o);
    require_one_of("ledger_bn", o.ledger_bn, {"bn", "bn_tf"});
    check_training(o);
    require_within<std::size_t>("batch", o.batch, 2, 60000);
    require_within<std::size_t>("epochs", o.epochs, 1, 10000);
    if (o.probe_layer != every_hidden_layer) require_within<std::size_t>("probe_layer", o.probe_layer, 1, o.depth);
    require_within<std::size_t>("probe_images", o.probe_images, 4, 10000);
    if (o.probe_mode == mockbn::research::probe_mode::training_batches && o.probe_images < o.batch)
        throw option_error("probe_mode",
                           "training batches of " + std::to_string(o.batch) +
                               " images (--batch) need at least as many probe images; --probe-images is " +
                               std::to_string(o.probe_images));
    // 0 is every image; the datasets hold 60,000 training and 10,000 test images (data::load_standard).
    require_within<std::size_t>("train_limit", o.train_limit, 0, 60000);
    if (o.train_limit > 0 && o.train_limit < o.batch)
        throw option_error("train_limit", std::to_string(o.train_limit) + " is fewer images than a batch (" +
                                              std::to_string(o.batch) + "); 0 is all of them");
    require_within<std::size_t>("test_limit", o.test_limit, 0, 10000);
    check_validation(o);
    if (o.probe_split == mockbn::research::probe_split::validation && o.probe_images > validation_images(o))
        throw option_error("probe_images", std::to_string(o.probe_images) + " probe images, but the validation set " +
                                               "holds " + std::to_string(validation_images(o)) + " (--validation)");
    check_early_probe(o);
    require_within<std::size_t>("threads", o.threads, 1, 256);
    if (o.out.empty()) throw option_error("out", "empty");
}

std::string to_json(const options& o) {
    using mockbn::research::name_of;
    const json j = {{"dataset", name_of(o.dataset)},
                    {"data_dir", o.data_dir},
                    {"variants", o.variants},
                    {"placement", o.placement},
                    {"width", o.width},
                    {"depth", o.depth},
                    {"shared", o.shared},
                    {"init", name_of(o.init)},
                    {"input_scale", name_of(o.input_scale)},
                    {"initial", initial_object(o.initial)},
                    {"activation", name_of(o.activation)},
                    {"optimizer", name_of(o.optimizer)},
                    {"learning_rate", o.learning_rate},
                    {"momentum", o.momentum},
                    {"weight_decay", o.weight_decay},
                    {"transform_lr_scale", o.transform_lr_scale},
                    {"schedule", name_of(o.schedule)},
                    {"decay_every", o.decay_every},
                    {"decay_factor", o.decay_factor},
                    {"batch", o.batch},
                    {"epochs", o.epochs},
                    {"seeds", o.seeds},
                    {"probe_layer", o.probe_layer == every_hidden_layer ? json("all") : json(o.probe_layer)},
                    {"probe_images", o.probe_images},
                    {"probe_split", name_of(o.probe_split)},
                    {"probe_mode", name_of(o.probe_mode)},
                    {"probe_moment", name_of(o.probe_moment)},
                    {"probe_early", o.probe_early},
                    {"display", name_of(o.display)},
                    {"ledger_bn", o.ledger_bn},
                    {"threads", o.threads},
                    {"quick", o.quick},
                    {"train_limit", o.train_limit},
                    {"test_limit", o.test_limit},
                    {"validation", o.validation},
                    {"validation_seed", o.validation_seed},
                    {"test_every_epoch", o.test_every_epoch},
                    {"on_divergence", name_of(o.on_divergence)}};
    return j.dump(2) + "\n";
}

json parse_object(const std::string& text) {
    if (text.find('\0') != std::string::npos) throw option_error("", "holds a NUL byte: not JSON text");
    // Keys of the top-level object, to refuse one given twice (the parser would keep the last silently).
    std::vector<std::string> keys;
    const json::parser_callback_t note_keys = [&](int depth, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::key && depth == 1) keys.push_back(parsed.get<std::string>());
        return true;
    };
    json j;
    try {
        j = json::parse(text, note_keys);
    } catch (const json::exception& e) {
        throw option_error("", std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) throw option_error("", "not a JSON object");
    for (const auto& key : keys)
        if (std::count(keys.begin(), keys.end(), key) > 1) throw option_error(printable(key), "given twice");
    return j;
}

options from_json(const std::string& text) {
    const json j = parse_object(text);
    for (const auto& [key, value] : j.items())
        if (std::find(std::begin(stored_fields), std::end(stored_fields), key) == std::end(stored_fields))
            throw option_error(printable(key), "not an option");
    options o;
    using namespace mockbn::research;
    o.dataset = read_choice<dataset>(j, "dataset");
    o.data_dir = read<std::string>(j, "data_dir");
    o.variants = read<std::vector<std::string>>(j, "variants");
    o.placement = read<std::vector<std::size_t>>(j, "placement");
    o.width = read<std::size_t>(j, "width");
    o.depth = read<std::size_t>(j, "depth");
    o.shared = read<bool>(j, "shared");
    o.init = read_choice<initialization>(j, "init");
    // Both absent from the plans written before they existed, whose runs took unit pixels and the policies' values.
    o.input_scale = j.contains("input_scale") ? read_choice<input_scale>(j, "input_scale") : input_scale::unit;
    o.initial = j.contains("initial") ? read_initial(j) : std::vector<initial_value>{};
    o.activation = read_choice<activation_kind>(j, "activation");
    o.optimizer = read_choice<optimizer_rule>(j, "optimizer");
    o.learning_rate = read<double>(j, "learning_rate");
    o.momentum = read<double>(j, "momentum");
    o.weight_decay = read<double>(j, "weight_decay");
    o.transform_lr_scale = read<double>(j, "transform_lr_scale");
    o.schedule = read_choice<rate_schedule>(j, "schedule");
    o.decay_every = read<std::size_t>(j, "decay_every");
    o.decay_factor = read<double>(j, "decay_factor");
    o.batch = read<std::size_t>(j, "batch");
    o.epochs = read<std::size_t>(j, "epochs");
    o.seeds = read<std::vector<std::uint64_t>>(j, "seeds");
    o.probe_layer = read_probe_layer(j);
    o.probe_images = read<std::size_t>(j, "probe_images");
    o.probe_split = read_choice<probe_split>(j, "probe_split");
    o.probe_mode = read_choice<probe_mode>(j, "probe_mode");
    o.probe_moment = read_choice<probe_moment>(j, "probe_moment");
    // Absent from the plans written before it existed, whose runs made no early probe.
    o.probe_early = j.contains("probe_early") ? read<std::size_t>(j, "probe_early") : 0;
    o.display = read_choice<histogram_display>(j, "display");
    o.ledger_bn = j.contains("ledger_bn") ? read<std::string>(j, "ledger_bn") : "bn";  // bn before the option
    o.threads = read<std::size_t>(j, "threads");
    o.quick = read<bool>(j, "quick");
    o.train_limit = read<std::size_t>(j, "train_limit");
    o.test_limit = read<std::size_t>(j, "test_limit");
    // Absent from the plans written before the validation split, whose runs evaluated the test set every epoch.
    o.validation = j.contains("validation") ? read<double>(j, "validation") : 0;
    o.validation_seed = j.contains("validation_seed") ? read<std::uint64_t>(j, "validation_seed") : 1;
    o.test_every_epoch = j.contains("test_every_epoch") ? read<bool>(j, "test_every_epoch") : true;
    o.on_divergence = read_choice<on_divergence>(j, "on_divergence");
    normalize(o);
    return o;
}

settings every_setting(const options& o) {
    using mockbn::research::name_of;
    return {{"dataset", std::string(name_of(o.dataset))},
            {"width", std::to_string(o.width)},
            {"depth", std::to_string(o.depth)},
            {"placement", text_of(o.placement)},
            {"shared", o.shared ? "true" : "false"},
            {"init", std::string(name_of(o.init))},
            {"input_scale", std::string(name_of(o.input_scale))},
            {"initial", initial_text(o.initial)},
            {"activation", std::string(name_of(o.activation))},
            {"optimizer", std::string(name_of(o.optimizer))},
            {"learning_rate", text_of(o.learning_rate)},
            {"momentum", text_of(o.momentum)},
            {"weight_decay", text_of(o.weight_decay)},
            {"transform_lr_scale", text_of(o.transform_lr_scale)},
            {"schedule", std::string(name_of(o.schedule))},
            {"decay_every", std::to_string(o.decay_every)},
            {"decay_factor", text_of(o.decay_factor)},
            {"batch", std::to_string(o.batch)},
            {"epochs", std::to_string(o.epochs)},
            {"train_limit", std::to_string(o.train_limit)},
            {"test_limit", std::to_string(o.test_limit)},
            {"validation", text_of(o.validation)},
            {"validation_seed", std::to_string(o.validation_seed)},
            {"test_every_epoch", o.test_every_epoch ? "true" : "false"},
            {"probe_layer", probe_layer_text(o.probe_layer)},
            {"probe_images", std::to_string(o.probe_images)},
            {"probe_split", std::string(name_of(o.probe_split))},
            {"probe_mode", std::string(name_of(o.probe_mode))},
            {"probe_moment", std::string(name_of(o.probe_moment))},
            {"probe_early", std::to_string(o.probe_early)},
            {"display", std::string(name_of(o.display))},
            {"ledger_bn", o.ledger_bn},
            {"on_divergence", std::string(name_of(o.on_divergence))}};
}

settings run_settings(const options& o) {
    settings all = every_setting(o);
    // What the options themselves leave unused: momentum is SGD's alone, the decay's period and factor the step
    // schedule's; and no early probe, unit pixels, no initial values of its own, no validation split and the test
    // set evaluated every epoch (whose runs are those made before these options existed).
    std::erase_if(all, [&](const auto& setting) {
        const auto& key = setting.first;
        return (key == "momentum" && o.optimizer != mockbn::research::optimizer_rule::sgd) ||
               ((key == "decay_every" || key == "decay_factor") &&
                o.schedule != mockbn::research::rate_schedule::step) ||
               (key == "probe_early" && o.probe_early == 0) ||
               (key == "input_scale" && o.input_scale == mockbn::research::input_scale::unit) ||
               (key == "initial" && o.initial.empty()) || (key == "ledger_bn" && o.ledger_bn == "bn") ||
               ((key == "validation" || key == "validation_seed") && o.validation == 0) ||
               (key == "test_every_epoch" && o.test_every_epoch);
    });
    return all;
}

settings job_settings(const options& o, const std::vector<std::string>* parameters) {
    settings all = run_settings(o);
    // Sharing and the rate scale act on the transformation's own parameters: a variant without any ignores them.
    if (parameters && parameters->empty())
        std::erase_if(all, [](const auto& s) { return s.first == "shared" || s.first == "transform_lr_scale"; });
    // Of the initial values, those of the variant's own parameters.
    auto own = o.initial;
    if (parameters)
        std::erase_if(own, [&](const auto& v) {
            return std::find(parameters->begin(), parameters->end(), v.name) == parameters->end();
        });
    for (auto& [key, value] : all)
        if (key == "initial") value = initial_text(own);
    std::erase_if(all, [](const auto& s) { return s.first == "initial" && s.second.empty(); });
    // Read by the report alone.
    std::erase_if(all, [](const auto& s) { return s.first == "display" || s.first == "ledger_bn"; });
    return all;
}

settings folder_settings(const options& o) {
    auto all = run_settings(o);
    auto variants = o.variants;
    auto seeds = o.seeds;
    std::sort(variants.begin(), variants.end());  // a set of runs, in whatever order it was given
    std::sort(seeds.begin(), seeds.end());
    all.emplace_back("variants", text_of(variants));
    all.emplace_back("seeds", text_of(seeds));
    return all;
}

}  // namespace study
