#include "stored_run.hpp"

#include <sstream>

#include <mockbn/io/checkpoint.hpp>

#include "folder.hpp"
#include "run_store.hpp"

namespace study {

namespace {

// The value of the identity line `key` ("blas_kernel" → "Haswell").
std::string line_of(const std::string& identity, const std::string& key) {
    std::istringstream lines(identity);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
    return "";
}

}  // namespace

run_result read_finished_run(const std::filesystem::path& path, const std::string& name, const std::string& remedy,
                             const options& o, const job& j, environment& where) {
    std::error_code error;
    if (!std::filesystem::exists(path, error))
        throw refusal(name + " has no checkpoint (" + path.string() + "): " + remedy);
    try {
        const auto c = mockbn::io::checkpoint::load(path);
        where = {line_of(c.signature(), "data"), line_of(c.signature(), "blas_kernel"),
                 line_of(c.signature(), "build")};
        const std::string expected = run_identity(o, j.variant, j.seed, where);
        if (c.signature() != expected)
            throw refusal(path.string() + " belongs to another run: " +
                          mockbn::io::checkpoint::first_difference(c.signature(), expected));
        run_result r = get_run(c, o);
        if (!r.diverged && r.epochs.size() < o.epochs)
            throw refusal(name + " is unfinished (" + std::to_string(r.epochs.size()) + " of " +
                          std::to_string(o.epochs) + " epochs in " + path.string() + "): " + remedy);
        r.variant = j.variant;
        r.seed = j.seed;
        return r;
    } catch (const mockbn::io::checkpoint_error& e) {
        const std::string what = e.what();  // the reader's own message names the file, the records' may not
        throw failure(what.find(path.string()) != std::string::npos ? what : path.string() + ": " + what);
    }
}

}  // namespace study
