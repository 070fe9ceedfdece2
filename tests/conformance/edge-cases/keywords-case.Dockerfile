from a AS b
RuN x
cOpY a b
env a=b
OnBuild run x
