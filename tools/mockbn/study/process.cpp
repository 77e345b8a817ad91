#include "process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace study {

std::string shell_quoted(const std::string& word) {
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

program_outcome run_program(const std::vector<std::string>& arguments, const std::filesystem::path& folder,
                            const std::filesystem::path& error_log) {
    std::vector<char*> argv;
    for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const std::string log = std::filesystem::absolute(error_log).string();

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addchdir_np(&actions, folder.c_str());
    pid_t child = 0;
    const int spawned = posix_spawnp(&child, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return {false, arguments[0] + " cannot be started (" + std::strerror(spawned) + ")"};

    int status = 0;
    while (::waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return {false, "waiting for " + arguments[0] + " failed (" + std::strerror(errno) + ")"};
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {true, ""};
    if (WIFEXITED(status)) {
        // posix_spawnp reports a failed exec as exit status 127 of the child.
        if (WEXITSTATUS(status) == 127) return {false, arguments[0] + " cannot be started (is it installed?)"};
        return {false, "exit status " + std::to_string(WEXITSTATUS(status))};
    }
    return {false, "killed by signal " + std::to_string(WTERMSIG(status))};
}

}  // namespace study
