#include "sweep_command.hpp"

#include <filesystem>
#include <map>

#include <CLI/CLI.hpp>

#include "command_line.hpp"
#include "folder.hpp"
#include "options.hpp"
#include "presets.hpp"
#include "sweep_file.hpp"
#include "sweep_folder.hpp"

namespace sweep {

namespace {

using study::usage_error;

// The option key of a study flag ("--lr" → "learning_rate"), or "" for a flag that is not an option.
std::string key_of(const std::string& flag) {
    for (const auto& [key, value] : option_defaults().items())
        if (study::flag_of(key) == flag) return key;
    return "";
}

// What an axis option's help adds to the study's.
std::string as_axis(const std::string& key) {
    if (key == "placement") return " (alternatives separated by ':', one configuration each: 3,4:all)";
    if (key == "initial") return " (alternatives separated by ':', one configuration each: a=0:a=2,c=1)";
    return " (a comma list: one configuration per value)";
}

// The study's options as typed, by option key.
struct typed_options {
    std::map<std::string, std::string> texts;
    std::map<std::string, bool> flags;  // quick, test_every_epoch: given alone, without a value
    std::string file, preset, shard;
};

std::string presets_list() {
    std::string text;
    for (const auto& name : preset_names()) text += (text.empty() ? "" : ", ") + name;
    return text + " (docs/findings.md; tf2016: docs/sweep.md)";
}

// Where the sweep file came from, for messages: its path, or "the preset NAME".
std::string source_of(const typed_options& typed) {
    return typed.preset.empty() ? typed.file : "the preset " + typed.preset;
}

// The sweep file of --file or --preset, or an empty grid for neither; both at once are refused.
grid file_grid(const typed_options& typed) {
    if (typed.preset.empty()) return typed.file.empty() ? grid{} : read_sweep_file(typed.file);
    if (!typed.file.empty()) throw usage_error("--preset and --file each give a sweep file: give one");
    const auto text = preset_text(typed.preset);
    if (!text) throw usage_error("--preset: '" + study::printable(typed.preset) + "' is not one of " + presets_list());
    return grid_from_json(*text);
}

// The study's options (--help lists them in its order), then the sweep's own.
void add_options(CLI::App& app, command& c, typed_options& typed) {
    for (const auto& help : study::option_helps()) {
        const std::string key = key_of(help.flag);
        if (help.flag == "--out") {
            app.add_option("--out", c.out, "results folder")->capture_default_str();
        } else if (help.flag == "--resume") {
            app.add_option("--resume", c.resume, "continue the sweep whose results folder this is (its plan.json)");
        } else if (help.flag == "--force") {
            app.add_flag("--force", c.force, "replace the results of another sweep, or write beside other files");
        } else if (help.flag == "--allow-kernel-change") {
            app.add_flag(help.flag, c.allow_kernel_change, help.description);
        } else if (key == "quick" || key == "test_every_epoch") {
            app.add_flag(help.flag, typed.flags[key], help.description);
        } else if (key == "shared") {
            app.add_option(help.flag, typed.texts[key], "off, on, or off,on: " + help.description)->expected(0, 1);
        } else if (!key.empty()) {
            app.add_option(help.flag, typed.texts[key], help.description + (is_axis(key) ? as_axis(key) : ""))
                ->default_str(help.default_text);
        }
    }
    app.add_option("--file", typed.file, "a sweep file (JSON, docs/sweep.md): the options, each a value or a list");
    app.add_option("--preset", typed.preset, "a sweep file the program ships: " + presets_list());
    app.add_option("--shard", typed.shard,
                   "i/n: run only the i-th of n shares of the trained jobs (docs/sweep.md; merge joins them)");
    app.add_option("--grow", c.grow,
                   "with --resume on a finished sweep: the claims (3a,4a) whose paired variants gain the seeds "
                   "their power calculation asks for, where their premise is not excluded (docs/sweep.md)")
        ->delimiter(',');
    study::add_count(app, "--grow-seeds", c.grow_seeds, "the most seeds --grow gives a configuration");
    study::add_count(app, "--max-jobs", c.budget.most_jobs,
                     "refuse a grid of more jobs than this, before any configuration is built");
    app.add_option("--max-hours", c.budget.most_hours,
                   "refuse a sweep whose estimated time (docs/sweep.md, \"Limits\") is longer than this")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
}

// The typed options given, as a grid; an option also in `file` is refused.
grid grid_of(const CLI::App& app, const typed_options& typed, grid file) {
    for (const auto& [key, text] : typed.texts) {
        const std::string flag = study::flag_of(key);
        if (app.get_option(flag)->count() == 0) continue;
        if (file.given.count(key) > 0) throw usage_error(flag + " is given both here and in " + source_of(typed));
        if (option_defaults()[key].is_number() && !is_axis(key) && text.find(',') != std::string::npos)
            throw usage_error(flag + " takes one value: it is not an axis of the sweep");
        if (key == "shared" && text.empty()) file.given[key] = {"on"};
        else file.given[key] = is_axis(key) ? study::split(text, separator_of(key), flag) : std::vector{text};
    }
    for (const auto& [key, given] : typed.flags) {
        if (!given) continue;
        if (file.given.count(key) > 0)
            throw usage_error(study::flag_of(key) + " is given both here and in " + source_of(typed));
        file.given[key] = {"true"};
    }
    if (!typed.shard.empty()) {
        if (file.part.count > 1) throw usage_error("--shard is given both here and in " + source_of(typed));
        try {
            file.part = share_of(typed.shard, "--shard");
        } catch (const study::option_error& e) {
            throw usage_error(e.what());
        }
    }
    return file;
}

// With --resume, only the options that may go with it.
void check_resume(const CLI::App& app) {
    for (const auto* option : app.get_options()) {
        const std::string& name = option->get_name();
        if (option->count() > 0 && name != "--resume" && name != "--threads" && name != "--data-dir" &&
            name != "--allow-kernel-change" && name != "--grow" && name != "--grow-seeds")
            throw usage_error(
                "--resume continues the sweep of its folder; only --threads, --data-dir, --allow-kernel-change, "
                "--grow and --grow-seeds may be given with it, not " +
                name);
    }
}

}  // namespace

command parse(const std::vector<std::string>& arguments) {
    command c;
    typed_options typed;
    CLI::App app{
        "mockbn sweep: runs the study (mockbn study) over a grid of its options. Every combination of the values "
        "given is a configuration, run for every variant and seed; writes jobs.csv, metrics.csv, probe.csv, "
        "params.csv, summary.json and report.html. `mockbn merge --help` joins the folders of --shard runs."};
    add_options(app, c, typed);
    study::parse_into(app, arguments);
    if (c.out.empty()) throw usage_error("--out: give a folder");
    if (app.get_option("--resume")->count() > 0) {
        check_resume(app);
        if (c.resume.empty()) throw usage_error("--resume: give a folder");
        c.out = c.resume;
    } else if (app.get_option("--grow")->count() > 0 || app.get_option("--grow-seeds")->count() > 0) {
        throw usage_error("--grow grows a finished sweep: give it with --resume DIR");
    }
    c.given = grid_of(app, typed, file_grid(typed));
    return c;
}

grid resolve(const command& c) {
    if (c.resume.empty()) return c.given;
    grid g = read_plan(c.resume);
    for (const char* key : {"threads", "data_dir"})
        if (c.given.given.count(key) > 0) g.given[key] = c.given.given.at(key);
    return g;
}

merge_command parse_merge(const std::vector<std::string>& arguments) {
    merge_command m;
    CLI::App app{
        "mockbn merge: joins the folders of a sweep's --shard runs into one folder, as one run of the whole "
        "sweep would have left it."};
    app.add_option("out", m.out, "the merged sweep's folder")->required();
    app.add_option("shards", m.shards, "the shards' folders")->required();
    app.add_flag("--allow-mixed-kernels", m.allow_mixed_kernels,
                 "merge jobs computed under different BLAS kernels (refused otherwise, naming the jobs)");
    app.add_flag("--force", m.force, "replace the results of another sweep, or write beside other files");
    study::parse_into(app, arguments);
    if (m.out.empty()) throw usage_error("merge: give the merged folder");
    return m;
}

}  // namespace sweep
