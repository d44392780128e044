(module (func $f (export "f0") (param i32)
  (if (i32.lt_u (local.get 0) (i32.const 190))
    (then (call $f (i32.add (local.get 0) (i32.const 1)))
          (call $f (i32.add (local.get 0) (i32.const 1)))))))
