"""Function words that say nothing about a story's topic, per language."""

VI = frozenset(
    """
    và của các những là có được cho với trong đã này để một không từ đến khi
    theo về như cũng thì mà nhưng hay hoặc nên vì do bởi tại trên dưới ra vào
    lại rất nhiều ít mỗi mọi cả đều sẽ đang vẫn còn chỉ bị phải việc điều
    người năm ngày tháng qua sau trước nay đó kia ấy này nào gì ai ta chúng
    họ tôi bạn anh chị ông bà em cùng thêm hơn nhất tới thế vậy rằng
    """.split()
)

EN = frozenset(
    """
    a about above after again against all also am an and any are as at be
    because been before being below between both but by can could did do does
    doing down during each few for from further had has have having he her
    here hers him his how i if in into is it its itself just me more most my
    no nor not now of off on once only or other our ours out over own same
    she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours said says
    new one two three year years day days month
    """.split()
)

TH = frozenset(
    """
    และ ของ ที่ ใน การ ความ เป็น ได้ ให้ มี จะ ไม่ ว่า กับ แต่ หรือ โดย จาก
    ไป มา อยู่ นี้ นั้น ซึ่ง ก็ แล้ว คือ ทั้ง เพื่อ ยัง ต่อ ถึง ด้วย อย่าง เมื่อ
    ตาม เรา เขา ทุก อื่น ๆ ได้แก่ รวม ครั้ง หลัง ก่อน ระหว่าง ส่วน เช่น
    """.split()
)

BY_LANG = {"vi": VI, "en": EN, "th": TH}
