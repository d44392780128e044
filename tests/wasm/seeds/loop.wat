(module
  (memory 1)
  (func (export "f0") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (block $exit
      (loop $cont
        (local.set $s (i32.add (local.get $s) (i32.load (local.get $i))))
        (i32.store (local.get $i) (local.get $s))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $cont (i32.lt_u (local.get $i) (i32.const 4000)))))
    (local.get $s))
  (func (export "f1") (result i64)
    (i64.div_s (i64.const 7) (i64.extend_i32_u (memory.grow (i32.const 1))))))
