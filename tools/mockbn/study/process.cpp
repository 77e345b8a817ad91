#include "process.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interrupt.hpp"

extern char** environ;

namespace study {

std::string shell_quoted(const std::string& word) {
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

namespace {

// Waits until `child` has ended (left to be reaped), `most_seconds` have passed or a stop is requested; in the
// last two cases, why it must be killed. Without pidfd_open (Linux before 5.3) it waits without a bound.
std::optional<std::string> wait_bounded(pid_t child, double most_seconds) {
    const int process = static_cast<int>(::syscall(SYS_pidfd_open, child, 0));
    if (process < 0) return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(most_seconds);
    std::optional<std::string> cut;
    while (!cut) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd ended{process, POLLIN, 0};
        if (stop_flag()) cut = "stopped, as asked";
        else if (left.count() <= 0) {
            char text[64];
            std::snprintf(text, sizeof text, "did not finish within %g s, and was stopped", most_seconds);
            cut = text;
        } else if (const int ready = ::poll(&ended, 1, static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
                   ready > 0 || (ready < 0 && errno != EINTR)) {
            break;  // ended, or poll cannot tell: waitpid waits
        }
    }
    ::close(process);
    return cut;
}

}  // namespace

program_outcome run_program(const std::vector<std::string>& arguments, const std::filesystem::path& folder,
                            const std::filesystem::path& error_log, double most_seconds) {
    std::vector<char*> argv;
    for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const std::string log = std::filesystem::absolute(error_log).string();

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addchdir_np(&actions, folder.c_str());
    posix_spawnattr_t attributes;  // a process group of its own, so that a kill reaches whatever it started
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t child = 0;
    const int spawned = posix_spawnp(&child, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return {false, arguments[0] + " cannot be started (" + std::strerror(spawned) + ")"};

    if (auto cut = wait_bounded(child, most_seconds)) {
        ::kill(-child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        return {false, *cut};
    }
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
