#pragma once
/// @file
/// @brief General nodal (modified nodal analysis) solution of a network on a frequency grid, for circuits that
/// are not a ladder: bridges, several sources, parallel two-ports, loops.
///
/// Nodes are numbered from 1; node 0 is the reference (ground: zero pressure / voltage). Admittances are stamped
/// into the nodal matrix; impedances, ideal across sources and two-ports add branch equations (MNA), so a zero
/// impedance (a short) or a lossless line at a half-wave point (B or C = 0) stays regular
/// (Chaigne & Kergomard 2016). Each frequency is one dense complex LU solve with partial pivoting.
///
/// @code
/// namespace nw = iemlab::network;
/// nw::nodal_network net{g};
/// const auto n1 = net.add_node(), n2 = net.add_node();
/// net.add_flow_source(nw::nodal_network::ground, n1, u);            // volume velocity into node 1
/// net.add_admittance(n1, nw::nodal_network::ground, nw::reciprocal(nw::capacitor(g, c1)));
/// const auto tube = net.add_two_port(n1, n2, line);                  // port 1 at n1, port 2 at n2
/// net.add_impedance(n2, nw::nodal_network::ground, z_drum);
/// const auto s = net.solve();
/// const nw::complex_spectrum p2 = s.across(n2);
/// @endcode

#include "iemlab/network/two_port.hpp"

#include <complex>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0::network {

class nodal_solution;

/// A linear network of nodes, elements and sources on one grid; solve() evaluates it at every frequency.
class nodal_network {
public:
    /// Index of a node; 0 is the reference node.
    using node = std::size_t;
    /// Index of an extra unknown (a branch flow) in the solution.
    using branch = std::size_t;
    /// The reference node (ground).
    static constexpr node ground = 0;

    /// An empty network on grid `g` (only the reference node).
    explicit nodal_network(const grid& g) : size_(g.size()), frequencies_(g.frequencies().begin(), g.frequencies().end()) {}

    /// Adds a node and returns its index (1, 2, …).
    node add_node() { return ++node_count_; }
    /// Number of nodes besides the reference.
    std::size_t node_count() const noexcept { return node_count_; }

    /// An admittance Y between nodes a and b.
    void add_admittance(node a, node b, complex_spectrum y) {
        check_nodes("nodal_network::add_admittance", a, b);
        check_size("nodal_network::add_admittance", y);
        admittances_.push_back({a, b, std::move(y)});
    }
    /// An impedance Z between a and b (Z = 0 allowed); returns the branch carrying the flow from a to b.
    branch add_impedance(node a, node b, complex_spectrum z) {
        check_nodes("nodal_network::add_impedance", a, b);
        check_size("nodal_network::add_impedance", z);
        impedances_.push_back({a, b, std::move(z), branch_count_});
        return branch_count_++;
    }
    /// An ideal through source: flow q leaves node `from` and enters node `to`.
    void add_flow_source(node from, node to, complex_spectrum q) {
        check_nodes("nodal_network::add_flow_source", from, to);
        check_size("nodal_network::add_flow_source", q);
        flow_sources_.push_back({from, to, std::move(q)});
    }
    /// An ideal across source: x(plus) − x(minus) = x; returns the branch of the flow it delivers out of its
    /// `plus` terminal into the circuit.
    branch add_across_source(node plus, node minus, complex_spectrum x) {
        check_nodes("nodal_network::add_across_source", plus, minus);
        check_size("nodal_network::add_across_source", x);
        across_sources_.push_back({plus, minus, std::move(x), branch_count_});
        return branch_count_++;
    }
    /// A two-port with port 1 between p1 and p1_ref and port 2 between p2 and p2_ref; returns the branch of
    /// q1 (into port 1); q2 (out of port 2) is the branch after it.
    branch add_two_port(node p1, node p1_ref, node p2, node p2_ref, two_port t) {
        check_nodes("nodal_network::add_two_port", p1, p1_ref);
        check_nodes("nodal_network::add_two_port", p2, p2_ref);
        if (t.size() != size_)
            throw_out_of_range("nodal_network::add_two_port", "size", double(t.size()), "values",
                               "the network's grid size (" + std::to_string(size_) + ")");
        two_ports_.push_back({p1, p1_ref, p2, p2_ref, std::move(t), branch_count_});
        branch_count_ += 2;
        return branch_count_ - 2;
    }
    /// A two-port whose ports are both referenced to ground.
    branch add_two_port(node p1, node p2, two_port t) { return add_two_port(p1, ground, p2, ground, std::move(t)); }

    /// Solves the network at every frequency; throws iemlab::error when it is singular at some frequency.
    nodal_solution solve() const;

private:
    struct admittance_element {
        node a, b;
        complex_spectrum y;
    };
    struct impedance_element {
        node a, b;
        complex_spectrum z;
        branch k;
    };
    struct flow_element {
        node from, to;
        complex_spectrum q;
    };
    struct across_element {
        node plus, minus;
        complex_spectrum x;
        branch k;
    };
    struct two_port_element {
        node p1, r1, p2, r2;
        two_port t;
        branch k;
    };

    void check_nodes(const char* where, node a, node b) const {
        for (node n : {a, b})
            if (n > node_count_)
                throw_out_of_range(where, "node", double(n), "",
                                   "0 (ground) … " + std::to_string(node_count_) + " (nodes added so far)");
        if (a == b) throw_out_of_range(where, "node", double(b), "", "two different nodes");
    }
    void check_size(const char* where, const complex_spectrum& s) const {
        if (s.size() != size_)
            throw_out_of_range(where, "size", double(s.size()), "values",
                               "the network's grid size (" + std::to_string(size_) + ")");
    }

    std::size_t size_;
    std::vector<double> frequencies_;
    std::size_t node_count_ = 0;
    std::size_t branch_count_ = 0;
    std::vector<admittance_element> admittances_;
    std::vector<impedance_element> impedances_;
    std::vector<flow_element> flow_sources_;
    std::vector<across_element> across_sources_;
    std::vector<two_port_element> two_ports_;

    friend class nodal_solution;
};

/// Node across quantities and branch flows of a solved nodal_network, per frequency.
class nodal_solution {
public:
    /// Across quantity (pressure, voltage) of node n against the reference.
    const complex_spectrum& across(nodal_network::node n) const {
        if (n == 0) return zero_;
        if (n > nodes_.size())
            throw_out_of_range("nodal_solution::across", "node", double(n), "", "0 … " + std::to_string(nodes_.size()));
        return nodes_[n - 1];
    }
    /// Across quantity between nodes a and b: x(a) − x(b).
    complex_spectrum across(nodal_network::node a, nodal_network::node b) const { return across(a) - across(b); }
    /// Flow of branch k (see the add_* functions for its direction).
    const complex_spectrum& flow(nodal_network::branch k) const {
        if (k >= branches_.size())
            throw_out_of_range("nodal_solution::flow", "branch", double(k), "",
                               "0 … " + std::to_string(branches_.size()) + " - 1");
        return branches_[k];
    }

private:
    friend class nodal_network;
    std::vector<complex_spectrum> nodes_;
    std::vector<complex_spectrum> branches_;
    complex_spectrum zero_;
};

namespace detail {

/// Solves M·x = rhs in place (M: n×n row-major) by LU with partial pivoting; false when singular.
inline bool solve_dense(std::vector<std::complex<double>>& m, std::vector<std::complex<double>>& rhs,
                        std::size_t n) {
    double max_abs = 0;
    for (const auto& v : m) max_abs = std::max(max_abs, std::abs(v));
    const double tiny = max_abs * 1e-300;
    for (std::size_t col = 0; col < n; ++col) {
        std::size_t pivot = col;
        double best = std::abs(m[col * n + col]);
        for (std::size_t r = col + 1; r < n; ++r)
            if (std::abs(m[r * n + col]) > best) best = std::abs(m[r * n + col]), pivot = r;
        if (!(best > tiny)) return false;
        if (pivot != col) {
            for (std::size_t c = 0; c < n; ++c) std::swap(m[col * n + c], m[pivot * n + c]);
            std::swap(rhs[col], rhs[pivot]);
        }
        const std::complex<double> inv = 1.0 / m[col * n + col];
        for (std::size_t r = col + 1; r < n; ++r) {
            const std::complex<double> factor = m[r * n + col] * inv;
            if (factor == 0.0) continue;
            for (std::size_t c = col; c < n; ++c) m[r * n + c] -= factor * m[col * n + c];
            rhs[r] -= factor * rhs[col];
        }
    }
    for (std::size_t r = n; r-- > 0;) {
        std::complex<double> s = rhs[r];
        for (std::size_t c = r + 1; c < n; ++c) s -= m[r * n + c] * rhs[c];
        rhs[r] = s / m[r * n + r];
    }
    return true;
}

} // namespace detail

inline nodal_solution nodal_network::solve() const {
    const std::size_t nn = node_count_, n = nn + branch_count_;
    if (n == 0) throw_invalid("nodal_network::solve", "network", "has no nodes");
    nodal_solution s;
    s.nodes_.assign(nn, complex_spectrum(size_));
    s.branches_.assign(branch_count_, complex_spectrum(size_));
    s.zero_ = complex_spectrum(size_);
    std::vector<std::complex<double>> m(n * n), rhs(n);
    // Row/column of node k (k >= 1) is k − 1; branch j is nn + j. Ground entries are dropped.
    auto add = [&](node r, std::size_t c_index, std::complex<double> v) {
        if (r != ground) m[(r - 1) * n + c_index] += v;
    };
    auto add_nn = [&](node r, node c, std::complex<double> v) {
        if (r != ground && c != ground) m[(r - 1) * n + (c - 1)] += v;
    };
    auto add_row = [&](std::size_t row, node c, std::complex<double> v) {
        if (c != ground) m[row * n + (c - 1)] += v;
    };
    for (std::size_t i = 0; i < size_; ++i) {
        std::fill(m.begin(), m.end(), 0.0);
        std::fill(rhs.begin(), rhs.end(), 0.0);
        for (const auto& e : admittances_) {
            const auto y = e.y[i];
            add_nn(e.a, e.a, y), add_nn(e.b, e.b, y), add_nn(e.a, e.b, -y), add_nn(e.b, e.a, -y);
        }
        for (const auto& e : impedances_) { // flow j from a to b: x_a − x_b − Z·j = 0
            const std::size_t row = nn + e.k;
            add(e.a, row, 1.0), add(e.b, row, -1.0);
            add_row(row, e.a, 1.0), add_row(row, e.b, -1.0);
            m[row * n + row] -= e.z[i];
        }
        for (const auto& e : flow_sources_) {
            if (e.to != ground) rhs[e.to - 1] += e.q[i];
            if (e.from != ground) rhs[e.from - 1] -= e.q[i];
        }
        for (const auto& e : across_sources_) { // flow j enters the circuit at `plus`, returns at `minus`
            const std::size_t row = nn + e.k;
            add(e.plus, row, -1.0), add(e.minus, row, 1.0);
            add_row(row, e.plus, 1.0), add_row(row, e.minus, -1.0);
            rhs[row] = e.x[i];
        }
        for (const auto& e : two_ports_) {
            // q1 (branch k) leaves p1 into the two-port and returns at r1; q2 (branch k+1) leaves the two-port
            // into p2 and returns at r2. Equations: x1 − A·x2 − B·q2 = 0, q1 − C·x2 − D·q2 = 0.
            const std::size_t k1 = nn + e.k, k2 = k1 + 1;
            add(e.p1, k1, 1.0), add(e.r1, k1, -1.0);
            add(e.p2, k2, -1.0), add(e.r2, k2, 1.0);
            const auto a = e.t.a()[i], b = e.t.b()[i], c = e.t.c()[i], d = e.t.d()[i];
            add_row(k1, e.p1, 1.0), add_row(k1, e.r1, -1.0);
            add_row(k1, e.p2, -a), add_row(k1, e.r2, a);
            m[k1 * n + k2] -= b;
            m[k2 * n + k1] += 1.0;
            add_row(k2, e.p2, -c), add_row(k2, e.r2, c);
            m[k2 * n + k2] -= d;
        }
        if (!detail::solve_dense(m, rhs, n))
            throw_invalid("nodal_network::solve", "network",
                          "is singular at " + format_number(frequencies_[i]) +
                              " Hz (a node without a path to the reference, or a loop of ideal sources)");
        for (std::size_t k = 0; k < nn; ++k) s.nodes_[k].set(i, rhs[k]);
        for (std::size_t k = 0; k < branch_count_; ++k) s.branches_[k].set(i, rhs[nn + k]);
    }
    return s;
}

} // namespace iemlab::inline v0::network
