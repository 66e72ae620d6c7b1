"""The supply-chain map of each partner: its named chains, the parties along each chain with the status link
that vouches for them (a greenlane partner, a member of a recognised foreign program, or unknown), and the
weak-link report that shows where the chain is not vouched for."""
