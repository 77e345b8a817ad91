// The comparison, dlib's side (see common.hpp): the same network as dlib
// layer types, loaded with mockbn's initial weights, trained with dlib's
// solvers through compute_parameter_gradients and update_parameters on one
// thread. dlib has batch normalization (bn_fc) but no way to add the mocks
// without hand-written gradients, so its rows are plain and bn.
#include <dlib/dnn.h>

#include "../configuration.hpp"
#include "common.hpp"

namespace {

using namespace dlib;

template <class SUB>
using hidden = relu<fc<100, SUB>>;
template <class SUB>
using hidden_bn = relu<bn_fc<fc<100, SUB>>>;
using input_layer = input<matrix<float>>;
using plain_net = loss_multiclass_log<fc<10, hidden<hidden<hidden<hidden<hidden<input_layer>>>>>>>;
using bn_net = loss_multiclass_log<fc<10, hidden<hidden_bn<hidden_bn<hidden<hidden<input_layer>>>>>>>;

// One tensor per batch of the data, built once, so no step pays for conversion.
std::vector<resizable_tensor> tensors(const compare::data& d, std::size_t batch) {
    std::vector<resizable_tensor> out(d.labels.size() / batch);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].set_size(static_cast<long long>(batch), 1, 784, 1);
        std::copy_n(d.images.data() + i * batch * 784, batch * 784, out[i].host());
    }
    return out;
}

// Builds the network's parameters with one forward pass, then overwrites the
// dense layers' with mockbn's initial values (dlib stores W as in x out, then b).
template <class Net>
void load_initial_weights(Net& net, const resizable_tensor& any_batch, const std::vector<unsigned long>& labels) {
    // dlib learns how samples map to tensor rows from to_tensor, which the prebuilt tensors bypass.
    matrix<float> sample(784, 1);
    sample = 0;
    resizable_tensor scratch;
    net.to_tensor(&sample, &sample + 1, scratch);
    net.compute_parameter_gradients(any_batch, labels.begin());
    auto dense = compare::initial_dense_layers();
    std::size_t next = dense.size();  // dlib visits from the output layer down
    visit_layer_parameters(net, [&](tensor& t) {
        if (next == 0) return;
        const auto& d = dense[next - 1];
        if (t.size() != (d.inputs + 1) * d.outputs) return;  // batch norm's gamma and beta keep 1 and 0
        std::copy(d.weights.begin(), d.weights.end(), t.host());
        std::copy(d.bias.begin(), d.bias.end(), t.host() + d.weights.size());
        --next;
    });
    if (next != 0) throw std::runtime_error("compare_dlib: could not load every dense layer");
}

template <class Net, class Solver>
void run(const compare::data& d, const char* name, const char* optimizer_name, Solver solver, double learning_rate) {
    const std::vector<unsigned long> labels(d.labels.begin(), d.labels.end());
    {
        const auto batches = tensors(d, compare::trajectory_batch);
        Net net;
        load_initial_weights(net, batches[0], labels);
        std::vector<Solver> solvers(Net::num_computational_layers, solver);
        std::vector<double> losses;
        for (std::size_t s = 0; s < compare::trajectory_steps; ++s) {
            losses.push_back(
                net.compute_parameter_gradients(batches[s], labels.begin() + s * compare::trajectory_batch));
            net.update_parameters(solvers, learning_rate);
        }
        compare::report_trajectory("dlib", name, optimizer_name, losses);
    }
    for (std::size_t batch : compare::batches) {
        const auto batches = tensors(d, batch);
        Net net;
        load_initial_weights(net, batches[0], labels);
        std::vector<Solver> solvers(Net::num_computational_layers, solver);
        compare::report("dlib", name, optimizer_name, batch, compare::samples_per_second(batch, [&](std::size_t first) {
                            net.compute_parameter_gradients(batches[first / batch], labels.begin() + first);
                            net.update_parameters(solvers, learning_rate);
                        }));
    }
}

template <class Net>
void both(const compare::data& d, const char* name) {
    run<Net>(d, name, "sgd", sgd(0.0f, static_cast<float>(compare::sgd_momentum)), compare::sgd_learning_rate);
    run<Net>(d, name, "adam", adam(0.0f, 0.9f, 0.999f), compare::adam_learning_rate);
}

}  // namespace

int main(int argc, char** argv) {
    bench::pin_and_print_configuration("compare_dlib");
    const auto d = compare::load(argc, argv);
    both<plain_net>(d, "plain");
    both<bn_net>(d, "bn");
}
