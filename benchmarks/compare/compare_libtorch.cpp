// The comparison, LibTorch's side (see common.hpp): the same network written
// with torch::nn, loaded with mockbn's initial weights, trained with
// torch::optim on one thread.
#include <torch/torch.h>

#include "../configuration.hpp"
#include "common.hpp"

namespace {

enum class variant { plain, bn, log_shift, sqrt_shift };

struct original_network : torch::nn::Module {
    explicit original_network(variant v) : kind(v) {
        const auto init = compare::initial_dense_layers();
        for (std::size_t l = 0; l < init.size(); ++l) {
            auto linear = register_module(
                "dense" + std::to_string(l + 1),
                torch::nn::Linear(static_cast<int64_t>(init[l].inputs), static_cast<int64_t>(init[l].outputs)));
            torch::NoGradGuard no_grad;
            // mockbn stores W as in x out; torch's Linear holds its transpose.
            linear->weight.copy_(
                torch::from_blob(const_cast<float*>(init[l].weights.data()),
                                 {static_cast<int64_t>(init[l].inputs), static_cast<int64_t>(init[l].outputs)})
                    .t());
            linear->bias.copy_(
                torch::from_blob(const_cast<float*>(init[l].bias.data()), {static_cast<int64_t>(init[l].outputs)}));
            dense.push_back(linear);
        }
        for (int h : {3, 4}) {
            const std::string name = std::to_string(h);
            if (kind == variant::bn) norms.push_back(register_module("bn" + name, torch::nn::BatchNorm1d(100)));
            if (kind == variant::log_shift) {
                a.push_back(register_parameter("a" + name, torch::ones({100})));
                b.push_back(register_parameter("b" + name, torch::zeros({100})));
                c.push_back(register_parameter("c" + name, torch::zeros({100})));
            }
            if (kind == variant::sqrt_shift) {
                a.push_back(register_parameter("a" + name, torch::zeros({100})));
                b.push_back(register_parameter("b" + name, torch::zeros({100})));
            }
        }
    }

    torch::Tensor transform(torch::Tensor x, std::size_t k) {
        switch (kind) {
            case variant::plain:
                return x;
            case variant::bn:
                return norms[k]->forward(x);
            case variant::log_shift: {
                const auto u = x - b[k];
                return a[k] * torch::sign(u) * torch::log1p(torch::exp(c[k]) * u.abs());
            }
            case variant::sqrt_shift: {
                const auto u = x - b[k];
                return torch::exp(a[k]) * torch::sign(u) * (torch::sqrt(u.abs() + 0.25) - 0.5);
            }
        }
        return x;
    }

    torch::Tensor forward(torch::Tensor x) {
        for (std::size_t h = 0; h < 5; ++h) {
            x = dense[h]->forward(x);
            if (h == 2 || h == 3) x = transform(x, h - 2);
            x = torch::relu(x);
        }
        return dense[5]->forward(x);
    }

    variant kind;
    std::vector<torch::nn::Linear> dense;
    std::vector<torch::nn::BatchNorm1d> norms;
    std::vector<torch::Tensor> a, b, c;
};

template <class Optimizer, class Options>
void run(const compare::data& d, variant v, const char* name, const char* optimizer_name, Options options) {
    auto images = torch::from_blob(const_cast<float*>(d.images.data()), {static_cast<int64_t>(d.labels.size()), 784});
    std::vector<int64_t> labels64(d.labels.begin(), d.labels.end());
    auto labels = torch::from_blob(labels64.data(), {static_cast<int64_t>(labels64.size())}, torch::kLong);
    auto step = [&](original_network& net, Optimizer& optimizer, std::size_t first, std::size_t batch) {
        optimizer.zero_grad();
        auto loss = torch::nn::functional::cross_entropy(
            net.forward(images.narrow(0, static_cast<int64_t>(first), static_cast<int64_t>(batch))),
            labels.narrow(0, static_cast<int64_t>(first), static_cast<int64_t>(batch)));
        loss.backward();
        optimizer.step();
        return loss.item<double>();
    };
    {
        auto net = std::make_shared<original_network>(v);
        net->train();
        Optimizer optimizer(net->parameters(), options);
        std::vector<double> losses;
        for (std::size_t s = 0; s < compare::trajectory_steps; ++s)
            losses.push_back(step(*net, optimizer, s * compare::trajectory_batch, compare::trajectory_batch));
        compare::report_trajectory("libtorch", name, optimizer_name, losses);
    }
    for (std::size_t batch : compare::batches) {
        auto net = std::make_shared<original_network>(v);
        net->train();
        Optimizer optimizer(net->parameters(), options);
        compare::report(
            "libtorch", name, optimizer_name, batch,
            compare::samples_per_second(batch, [&](std::size_t first) { step(*net, optimizer, first, batch); }));
    }
}

void both(const compare::data& d, variant v, const char* name) {
    run<torch::optim::SGD>(d, v, name, "sgd",
                           torch::optim::SGDOptions(compare::sgd_learning_rate).momentum(compare::sgd_momentum));
    run<torch::optim::Adam>(d, v, name, "adam", torch::optim::AdamOptions(compare::adam_learning_rate));
}

}  // namespace

int main(int argc, char** argv) {
    bench::pin_and_print_configuration("compare_libtorch");
    torch::set_num_threads(1);
    torch::set_num_interop_threads(1);
    std::printf("libtorch   %d intra-op thread(s)\n", torch::get_num_threads());
    const auto d = compare::load(argc, argv);
    both(d, variant::plain, "plain");
    both(d, variant::bn, "bn");
    both(d, variant::log_shift, "log_shift");
    both(d, variant::sqrt_shift, "sqrt_shift");
}
